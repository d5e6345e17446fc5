import type { SkydeckApi } from '../../common/contract/index';
import { createWebSocketClient } from './websocket-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser (serve mode). */
    skydeck?: SkydeckApi;
  }
}

export interface HostLink {
  api: SkydeckApi;
  transport: 'ipc' | 'websocket';
}

/** The Electron bridge when present, else a WebSocket to the serving host. */
export function connectToHost(onConnectionChange: (up: boolean) => void): HostLink {
  if (window.skydeck) {
    onConnectionChange(true);
    return { api: window.skydeck, transport: 'ipc' };
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { api: createWebSocketClient(`${scheme}//${location.host}/api`, onConnectionChange), transport: 'websocket' };
}
