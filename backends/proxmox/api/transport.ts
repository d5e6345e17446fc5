import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import { sleep } from '../../core/concurrency';
import type { HttpClient } from '../../core/http-client';
import { failureOf, type FailedCall } from './failures';
import { isRecord } from './lenient';

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type ApiParams = Record<string, string | number | boolean | undefined>;

export interface ApiCall {
  method: ApiMethod;
  /** Below /api2/json, e.g. "/nodes/pve1/qemu/100/config". */
  path: string;
  params?: ApiParams;
  headers?: Record<string, string>;
  signal: AbortSignal;
  /** Safe to send again after a dropped connection or a gateway error (GETs always are). */
  idempotent?: boolean;
}

/** A 401, handed back to the caller: only the session knows what it means. */
export class Unauthorized extends Error {
  constructor(readonly call: FailedCall) {
    super(`401 ${call.statusText}`);
    this.name = 'Unauthorized';
  }
}

export interface TransportOptions {
  http: HttpClient;
  /** Extra attempts for idempotent calls after transient trouble. */
  retries: number;
  /** First pause before a retry; doubles each time. */
  retryDelayMs: number;
}

/**
 * The /api2/json wire: parameters in the query (GET, DELETE) or as a form (POST, PUT),
 * the `{data: …}` envelope, PVE's error statuses, and retries where they are safe.
 */
export class ProxmoxTransport {
  readonly host: string;
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.host = options.http.baseUrl.host;
  }

  /** The `data` of a successful answer. Throws SkydeckFailure, or Unauthorized for a 401. */
  async send(call: ApiCall): Promise<unknown> {
    const idempotent = call.idempotent ?? call.method === 'GET';
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.#sendOnce(call);
      } catch (error) {
        const retry = idempotent && attempt < this.#options.retries && isTransient(error) && !call.signal.aborted;
        if (!retry) throw error;
        await sleep(this.#options.retryDelayMs * 2 ** attempt, call.signal);
      }
    }
  }

  async #sendOnce(call: ApiCall): Promise<unknown> {
    const inQuery = call.method === 'GET' || call.method === 'DELETE';
    const params = definedParams(call.params);
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    let body: string | undefined;
    if (!inQuery) {
      body = new URLSearchParams(params).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await this.#options.http.request({
      method: call.method,
      path: `/api2/json${call.path}`,
      query: inQuery ? params : undefined,
      headers,
      body,
      signal: call.signal,
    });
    if (response.status === 200) {
      const envelope = await response.json();
      if (!isRecord(envelope) || !('data' in envelope)) {
        throw new SkydeckFailure(
          'bad-response',
          `${this.host} answered ${call.method} ${call.path} without the {"data": …} envelope of the Proxmox VE API.`,
          {
            retryable: true,
          },
        );
      }
      return envelope.data;
    }
    const failed: FailedCall = {
      host: this.host,
      method: call.method,
      path: call.path,
      status: response.status,
      statusText: response.statusText,
      body: await response.text(),
    };
    if (response.status === 401) throw new Unauthorized(failed);
    throw failureOf(failed);
  }
}

function definedParams(params: ApiParams | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined) continue;
    result[key] = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  }
  return result;
}

function isTransient(error: unknown): boolean {
  if (!(error instanceof SkydeckFailure)) return false;
  if (error.code === 'cancelled') return false;
  return error.retryable || error.code === 'bad-response';
}
