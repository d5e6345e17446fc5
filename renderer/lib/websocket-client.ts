import type { EventName, MethodName, Params, Payload, Result, SkydeckApi } from '../../common/contract/index';
import type { ServerMessage } from '../../common/contract/wire';
import type { SkydeckError } from '../../common/errors/skydeck-error';

type Pending = { resolve: (value: unknown) => void; reject: (error: SkydeckError) => void };

/**
 * The contract over a WebSocket to `skydeck serve` (same origin; the token cookie
 * authenticates it). Reconnects with backoff; calls made while down wait for it.
 */
export function createWebSocketClient(url: string, onConnectionChange: (up: boolean) => void): SkydeckApi {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket;
  let opened: Promise<void>;
  let retryMs = 500;

  const connect = (): void => {
    socket = new WebSocket(url);
    opened = new Promise((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
    socket.addEventListener('open', () => {
      retryMs = 500;
      onConnectionChange(true);
    });
    socket.addEventListener('message', (message) => {
      const data = JSON.parse(String(message.data)) as ServerMessage;
      if (data.type === 'event') {
        for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
        return;
      }
      const waiting = pending.get(data.id);
      pending.delete(data.id);
      if (data.ok) waiting?.resolve(data.result);
      else waiting?.reject(data.error);
    });
    socket.addEventListener('close', () => {
      onConnectionChange(false);
      for (const [id, waiting] of pending) {
        waiting.reject({ code: 'unreachable', message: 'Lost the connection to the Skydeck host.', retryable: true });
        pending.delete(id);
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    });
  };
  connect();

  return {
    async invoke<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      await opened;
      const id = nextId++;
      return new Promise<Result<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        socket.send(JSON.stringify({ type: 'invoke', id, method, params }));
      });
    },
    subscribe<E extends EventName>(event: E, listener: (payload: Payload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}
