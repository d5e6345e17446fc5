import { setMaxListeners } from 'node:events';

/**
 * A signal that aborts with `outer` and can also be aborted on its own (to stop the workers of
 * a stream its reader left). Every request in flight listens to it, hence the raised limit.
 */
export function linkedSignal(outer: AbortSignal): { signal: AbortSignal; abort(): void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const stop = (): void => controller.abort(outer.reason);
  if (outer.aborted) stop();
  else outer.addEventListener('abort', stop, { once: true });
  return {
    signal: controller.signal,
    abort: () => {
      outer.removeEventListener('abort', stop);
      controller.abort();
    },
  };
}
