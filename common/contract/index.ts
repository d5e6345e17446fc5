import type * as v from 'valibot';
import { appMethods } from './app';
import { connectionEvents, connectionMethods } from './connections';
import { inventoryEvents, inventoryMethods } from './inventory';
import { vaultEvents, vaultMethods } from './vault';

/** Every method the renderer may call. The preload exposes exactly these names. */
export const methods = {
  ...appMethods,
  ...connectionMethods,
  ...inventoryMethods,
  ...vaultMethods,
};

/** Every event stream the host pushes to the renderer. */
export const events = {
  ...connectionEvents,
  ...inventoryEvents,
  ...vaultEvents,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Params<M extends MethodName> = v.InferInput<Methods[M]['params']>;
export type ValidParams<M extends MethodName> = v.InferOutput<Methods[M]['params']>;
export type Result<M extends MethodName> = Methods[M]['result'];

export type Events = typeof events;
export type EventName = keyof Events;
export type Payload<E extends EventName> = Events[E]['payload'];

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export const isMethodName = (name: unknown): name is MethodName => typeof name === 'string' && Object.hasOwn(methods, name);
export const isEventName = (name: unknown): name is EventName => typeof name === 'string' && Object.hasOwn(events, name);

/** What the renderer holds: `window.skydeck` in Electron, a WebSocket client in a browser. */
export interface SkydeckApi {
  invoke<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>;
  subscribe<E extends EventName>(event: E, listener: (payload: Payload<E>) => void): () => void;
}
