import type { EventName, MethodName, Params, Payload, Result, SkydeckApi } from '../../common/contract/index';
import type { Dispatcher, Sender } from './dispatcher';
import type { EventHub } from './event-hub';

/** The contract over a direct call: for tests and for the CLI, same validation as the real transports. */
export function createInProcessClient(dispatcher: Dispatcher, events: EventHub, origin = 'skydeck://in-process'): SkydeckApi {
  const sender: Sender = { transport: 'in-process', origin };
  return {
    async invoke<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      const outcome = await dispatcher.invoke(method, params, sender);
      if (!outcome.ok) throw outcome.error;
      return outcome.result as Result<M>;
    },
    subscribe<E extends EventName>(event: E, listener: (payload: Payload<E>) => void): () => void {
      return events.subscribe((name, payload) => {
        if (name === event) listener(payload as Payload<E>);
      });
    },
  };
}
