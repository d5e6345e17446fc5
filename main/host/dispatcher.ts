import * as v from 'valibot';
import { isMethodName, methods, type MethodName, type Result, type ValidParams } from '../../common/contract/index';
import type { InvokeOutcome } from '../../common/contract/wire';
import { SkydeckFailure, toSkydeckError } from '../../common/errors/skydeck-error';

/** Who sent a message, as the transport saw it. */
export interface Sender {
  transport: 'ipc' | 'websocket' | 'in-process';
  /** The page the message came from (IPC: the frame URL; WebSocket: the Origin header). */
  origin: string;
}

export type Handler<M extends MethodName> = (params: ValidParams<M>, sender: Sender) => Promise<Result<M>> | Result<M>;
export type Handlers = { [M in MethodName]: Handler<M> };

export interface DispatcherOptions {
  handlers: Handlers;
  /** Origins allowed to call the host (the app's own renderer only). */
  isTrustedSender: (sender: Sender) => boolean;
  /** Unexpected (internal) failures are reported here, never their params. */
  onInternalError?: (method: string, error: unknown) => void;
}

/**
 * The one entry point for every message from a renderer, whatever the transport:
 * check the sender, check the method exists, validate the params, run, and return
 * either a result or a plain SkydeckError. Nothing a renderer sends reaches a handler
 * unvalidated.
 */
export class Dispatcher {
  readonly #options: DispatcherOptions;

  constructor(options: DispatcherOptions) {
    this.#options = options;
  }

  async invoke(method: unknown, params: unknown, sender: Sender): Promise<InvokeOutcome> {
    try {
      if (!this.#options.isTrustedSender(sender)) {
        throw new SkydeckFailure('forbidden', `Messages from ${sender.origin || 'an unknown page'} are not accepted.`);
      }
      if (!isMethodName(method)) {
        throw new SkydeckFailure('invalid-input', `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}.`);
      }
      const checked = v.safeParse(methods[method].params, params);
      if (!checked.success) {
        const issues = checked.issues.map((issue) => ({
          path: issue.path?.map((item) => String(item.key)).join('.') ?? '',
          message: issue.message,
        }));
        const first = issues[0];
        throw new SkydeckFailure('invalid-input', first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'Invalid request.', {
          details: { issues },
        });
      }
      const handler = this.#options.handlers[method] as Handler<typeof method>;
      const result = await handler(checked.output as never, sender);
      return { ok: true, result };
    } catch (error) {
      const plain = toSkydeckError(error);
      if (plain.code === 'internal') this.#options.onInternalError?.(String(method), error);
      return { ok: false, error: plain };
    }
  }
}
