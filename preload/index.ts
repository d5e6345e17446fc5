import { contextBridge, ipcRenderer } from 'electron';
import { isEventName, isMethodName } from '../common/contract/index';

/**
 * window.skydeck: the contract's methods and events, nothing else. No ipcRenderer, no
 * Node. Names outside the contract are refused here and again in the host.
 */
const api = {
  invoke(method: string, params: unknown): Promise<unknown> {
    if (!isMethodName(method)) return Promise.reject({ code: 'invalid-input', message: `Unknown method ${method}.`, retryable: false });
    return ipcRenderer.invoke('skydeck:invoke', method, params).then((outcome: { ok: boolean; result?: unknown; error?: unknown }) => {
      if (outcome.ok) return outcome.result;
      throw outcome.error;
    });
  },
  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    if (!isEventName(event)) throw new Error(`Unknown event ${event}.`);
    const onEvent = (_: unknown, name: string, payload: unknown): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on('skydeck:event', onEvent);
    return () => ipcRenderer.off('skydeck:event', onEvent);
  },
};

contextBridge.exposeInMainWorld('skydeck', api);
