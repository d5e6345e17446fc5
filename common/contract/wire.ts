import type { SkydeckError } from '../errors/skydeck-error';

/** Messages of the WebSocket transport (serve mode). IPC carries the same shapes. */
export type ClientMessage = { type: 'invoke'; id: number; method: string; params: unknown };

export type ServerMessage =
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; error: SkydeckError }
  | { type: 'event'; event: string; payload: unknown };

export type InvokeOutcome = { ok: true; result: unknown } | { ok: false; error: SkydeckError };
