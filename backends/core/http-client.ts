import type { Readable } from 'node:stream';
import type { buildConnector } from 'undici';
import { Agent, type Dispatcher } from 'undici';
import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { TlsTrust } from '../../common/model/connection';
import { openTlsSocket, resolveTrust, toNetworkFailure, type ResolvedTrust } from './tls-trust';

export interface HttpClientOptions {
  /** Scheme, host and port; paths given to `request` are resolved against it. */
  baseUrl: string;
  trust: TlsTrust;
  /** Per request: time to first byte and between body chunks. */
  timeoutMs?: number;
  /** Sockets kept open to the server. */
  connections?: number;
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';
  /** Absolute path ("/api2/json/nodes") or a full URL on the same server. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** The HTTP reason phrase; some servers (Proxmox VE) put the error text there. */
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body as a stream, for parsers that must not buffer (large XML). */
  body: Readable;
  text(): Promise<string>;
  /** Parses JSON; a body that is not JSON becomes a clear `bad-response` failure. */
  json<T = unknown>(): Promise<T>;
}

/**
 * One server's HTTP(S) client: keep-alive sockets, TLS judged per socket against the
 * connection's trust (see tls-trust.ts), every network error mapped to a SkydeckFailure.
 */
export class HttpClient {
  readonly baseUrl: URL;
  readonly #agent: Agent;
  readonly #timeoutMs: number;

  constructor(options: HttpClientOptions) {
    this.baseUrl = new URL(options.baseUrl);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    const trust = resolveTrust(options.trust);
    this.#agent = new Agent({
      connections: options.connections ?? 8,
      keepAliveTimeout: 30_000,
      connect: this.baseUrl.protocol === 'https:' ? pinnedConnector(trust, this.#timeoutMs) : { timeout: this.#timeoutMs },
    });
  }

  get origin(): string {
    return this.baseUrl.origin;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.path, this.baseUrl);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const timeout = req.timeoutMs ?? this.#timeoutMs;
    let response: Dispatcher.ResponseData;
    try {
      response = await this.#agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: req.method ?? 'GET',
        headers: req.headers,
        body: req.body,
        signal: req.signal,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (error) {
      throw toNetworkFailure(error, this.baseUrl.host);
    }
    const where = `${req.method ?? 'GET'} ${url.pathname}`;
    const host = this.baseUrl.host;
    const body = response.body;
    const readText = async (): Promise<string> => {
      try {
        return await body.text();
      } catch (error) {
        throw toNetworkFailure(error, host);
      }
    };
    return {
      status: response.statusCode,
      statusText: response.statusText ?? '',
      headers: response.headers,
      body,
      text: readText,
      async json<T>() {
        const text = await readText();
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new SkydeckFailure('bad-response', `${host} answered ${where} with something that is not JSON: ${preview(text)}`, {
            retryable: true,
          });
        }
      },
    };
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

/** The first characters of a body, safe to put in an error message. */
export function preview(text: string, length = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > length ? `${flat.slice(0, length)}…` : flat);
}

function pinnedConnector(trust: ResolvedTrust, timeoutMs: number): buildConnector.connector {
  return (options, callback) => {
    openTlsSocket({ host: options.hostname, port: Number(options.port) || 443, trust, timeoutMs }).then(
      ({ socket, failure }) => {
        if (failure) {
          socket.destroy();
          callback(failure, null);
        } else {
          callback(null, socket);
        }
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
}
