import { setMaxListeners } from 'node:events';

/**
 * A signal of our own that follows the caller's. Concurrent requests each listen for
 * abort; on the caller's signal that would trip Node's "possible leak" warning and leave
 * listeners behind on a long-lived signal. `dispose` detaches from the caller.
 */
export function scopedSignal(parent: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const forward = (): void => controller.abort(parent.reason);
  if (parent.aborted) forward();
  else parent.addEventListener('abort', forward, { once: true });
  return { signal: controller.signal, dispose: () => parent.removeEventListener('abort', forward) };
}
