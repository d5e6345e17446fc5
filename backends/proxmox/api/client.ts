import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import { serverReason } from './failures';
import type { ProxmoxSession } from './session';
import { Unauthorized, type ApiMethod, type ApiParams, type ProxmoxTransport } from './transport';

/** Authenticated calls to one Proxmox VE cluster. Every method answers the response's `data`. */
export class ProxmoxApi {
  readonly transport: ProxmoxTransport;
  readonly session: ProxmoxSession;

  constructor(transport: ProxmoxTransport, session: ProxmoxSession) {
    this.transport = transport;
    this.session = session;
  }

  get host(): string {
    return this.transport.host;
  }

  get(path: string, params: ApiParams | undefined, signal: AbortSignal): Promise<unknown> {
    return this.call('GET', path, params, signal);
  }

  post(path: string, params: ApiParams | undefined, signal: AbortSignal): Promise<unknown> {
    return this.call('POST', path, params, signal);
  }

  delete(path: string, params: ApiParams | undefined, signal: AbortSignal): Promise<unknown> {
    return this.call('DELETE', path, params, signal);
  }

  /** One call; after a 401 the session recovers (a ticket logs in again) and the call goes once more. */
  async call(method: ApiMethod, path: string, params: ApiParams | undefined, signal: AbortSignal): Promise<unknown> {
    try {
      return await this.#send(method, path, params, signal);
    } catch (error) {
      if (!(error instanceof Unauthorized)) throw error;
      await this.session.recover(error, signal);
    }
    try {
      return await this.#send(method, path, params, signal);
    } catch (error) {
      if (!(error instanceof Unauthorized)) throw error;
      const { message } = serverReason(error.call);
      throw new SkydeckFailure(
        'auth-failed',
        `${this.host} refused ${method} ${path} for ${this.session.principal} even after a fresh login: ${message || 'unauthorized'}.`,
      );
    }
  }

  async #send(method: ApiMethod, path: string, params: ApiParams | undefined, signal: AbortSignal): Promise<unknown> {
    const headers = await this.session.headers(method !== 'GET', signal);
    const data = await this.transport.send({ method, path, params, headers, signal });
    this.session.noteAccepted();
    return data;
  }
}
