import type { EventName, Payload } from '../../common/contract/index';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Host → renderer events. Each transport subscribes once and forwards to its clients. */
export class EventHub {
  readonly #listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: Payload<E>): void {
    for (const listener of this.#listeners) listener(event, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
