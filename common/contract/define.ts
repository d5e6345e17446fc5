import type * as v from 'valibot';

/**
 * A contract method: a schema for what the renderer sends (validated in the host) and
 * the type of what the host answers (trusted, so a type only).
 */
export interface MethodSpec<P extends v.GenericSchema, R> {
  params: P;
  /** Phantom: carries the result type, never read at run time. */
  result: R;
}

export function method<P extends v.GenericSchema>(params: P): { returns<R>(): MethodSpec<P, R> } {
  return { returns: <R>() => ({ params, result: undefined as R }) };
}

/** An event stream from the host to the renderer; the payload type is phantom. */
export interface EventSpec<T> {
  payload: T;
}

export function event<T>(): EventSpec<T> {
  return { payload: undefined as T };
}
