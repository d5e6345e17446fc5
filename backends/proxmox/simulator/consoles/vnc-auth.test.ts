import { describe, expect, it } from 'vitest';
import { desEncrypt, reverseBits, vncAuthResponse } from './vnc-auth';

describe('VNC authentication', () => {
  it('encrypts with single DES (FIPS 81 known answer)', () => {
    const key = Buffer.from('0123456789abcdef', 'hex');
    expect(desEncrypt(key, Buffer.from('Now is t', 'latin1')).toString('hex')).toBe('3fa40e8a984d4815');
  });

  it('reverses the bits of key bytes', () => {
    expect([0x01, 0x80, 0x0f, 0xa5].map(reverseBits)).toEqual([0x80, 0x01, 0xf0, 0xa5]);
  });

  it('answers a challenge with the password as a bit-reversed DES key, only the first 8 characters counting', () => {
    const challenge = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const password = 'Ab3$xyZ9';
    const key = Buffer.from([...Buffer.from(password, 'latin1')].map(reverseBits));
    expect(vncAuthResponse(challenge, password)).toEqual(desEncrypt(key, challenge));
    expect(vncAuthResponse(challenge, `${password}:PVEVNC:5F0A::sig`)).toEqual(vncAuthResponse(challenge, password));
    expect(vncAuthResponse(challenge, 'other')).not.toEqual(vncAuthResponse(challenge, password));
  });
});
