import { describe, expect, it } from 'vitest';
import { novncWebsocketUrl, sshAddress } from './consoles';

describe('console endpoints', () => {
  it('turns the noVNC page Nova gives into the proxy WebSocket', () => {
    expect(novncWebsocketUrl('http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3D5f1e')).toBe('ws://127.0.0.1:6080/?token=5f1e');
    expect(novncWebsocketUrl('https://console.example.com/vnc_lite.html?token=a%2Bb')).toBe('wss://console.example.com/?token=a%2Bb');
    expect(novncWebsocketUrl('https://console.example.com/vnc_auto.html?path=websockify%3Ftoken%3Dz')).toBe(
      'wss://console.example.com/websockify?token=z',
    );
  });

  it('offers a floating IP for SSH before a fixed one', () => {
    const addresses = {
      private: [
        { version: 6, addr: 'fd00::5', 'OS-EXT-IPS:type': 'fixed' },
        { version: 4, addr: '10.0.0.5', 'OS-EXT-IPS:type': 'fixed' },
        { version: 4, addr: '203.0.113.7', 'OS-EXT-IPS:type': 'floating' },
      ],
    };
    expect(sshAddress({ addresses, accessIPv4: '' })).toBe('203.0.113.7');
    expect(sshAddress({ addresses: { private: addresses.private.slice(0, 2) } })).toBe('10.0.0.5');
    expect(sshAddress({ addresses: {} })).toBeUndefined();
  });
});
