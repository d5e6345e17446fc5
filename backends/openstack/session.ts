import { SkydeckFailure } from '../../common/errors/skydeck-error';
import { sleep } from '../core/concurrency';
import { HttpClient, preview, type HttpResponse } from '../core/http-client';
import { chooseRegion, findEndpoint, serviceRoot, versionDocumentUrl } from './catalog';
import { serviceFailure, serviceLabels, type ServiceType } from './errors';
import { login, type KeystoneToken } from './keystone';
import { Limiter } from './limiter';
import {
  formatMicroversion,
  isMicroversioned,
  microversionedServices,
  negotiate,
  supportedRange,
  type Microversion,
  type MicroversionedService,
} from './microversions';
import { withQuery, type QueryInput } from './query';
import type { OpenstackSettings, OpenstackTuning } from './settings';

export interface ServiceCall {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Relative to the service's versioned root ("/servers/detail"), or a full URL. */
  path: string;
  query?: QueryInput;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is instead of a JSON body (image data). */
  upload?: { data: Buffer; contentType: string };
  /** Overrides the negotiated microversion for this call; null sends none. */
  microversion?: Microversion | null;
  /** Statuses the caller handles itself instead of getting a failure. */
  accept?: readonly number[];
  /** Safe to send again after a network error or a 5xx; GET and DELETE are by default. */
  idempotent?: boolean;
  signal: AbortSignal;
}

export interface ServiceAnswer<T> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
  /** x-openstack-request-id, x-compute-request-id: how Nova names an action. */
  requestId?: string;
  /** The server's Date header in Unix milliseconds. */
  serverTime?: number;
}

/** Things learned while opening the session that the user should read. */
export interface SessionFacts {
  region?: string;
  notes: string[];
  /** The microversion each service agreed to use. */
  microversions: Partial<Record<MicroversionedService, Microversion>>;
  /** The newest microversion each service offers (it dates the release). */
  serverMaxima: Partial<Record<MicroversionedService, Microversion>>;
}

function parseBody<T>(text: string, service: ServiceType, method: string, path: string): T {
  if (!text.trim()) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new SkydeckFailure(
      'bad-response',
      `${serviceLabels[service]} answered ${method} ${path} with something that is not JSON: ${preview(text)}`,
      {
        retryable: true,
      },
    );
  }
}

function lenientJson<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined as T;
  }
}

const renewalMarginMs = (token: KeystoneToken): number => Math.min(120_000, Math.max(1_000, (token.expiresAt - token.issuedAt) / 10));

/**
 * An authenticated conversation with one cloud: a token kept fresh (renewed shortly before it
 * expires, and once after a 401, never in a loop), the catalog's endpoints, the negotiated
 * microversions, one keep-alive HTTP client per server, and a limit on requests in flight.
 */
export class OpenstackSession {
  readonly settings: OpenstackSettings;
  readonly tuning: OpenstackTuning;
  readonly facts: SessionFacts = { notes: [], microversions: {}, serverMaxima: {} };
  readonly #clients = new Map<string, HttpClient>();
  readonly #roots = new Map<ServiceType, string>();
  readonly #limiter: Limiter;
  #token: KeystoneToken | undefined;
  #generation = 0;
  #renewal: Promise<void> | undefined;
  /** Logins done by this session, the first one included. */
  logins = 0;

  constructor(settings: OpenstackSettings, tuning: OpenstackTuning) {
    this.settings = settings;
    this.tuning = tuning;
    this.#limiter = new Limiter(tuning.concurrency);
  }

  /** Logs in, resolves the endpoints and negotiates microversions. */
  async open(signal: AbortSignal): Promise<void> {
    await this.#login(signal);
    const token = this.token;
    const { region, note } = chooseRegion(token.catalog, this.settings.region);
    if (region) this.facts.region = region;
    if (note) this.facts.notes.push(note);
    for (const service of Object.keys(serviceLabels) as ServiceType[]) {
      const url = this.settings.endpointOverrides[service] ?? findEndpoint(token.catalog, service, region, this.settings.interface);
      if (url) this.#roots.set(service, serviceRoot(service, url, token.project?.id));
    }
    if (!this.#roots.has('identity')) this.#roots.set('identity', this.settings.authUrl);
    await Promise.all(
      (Object.keys(microversionedServices) as MicroversionedService[])
        .filter((service) => this.has(service))
        .map((service) => this.#negotiate(service, signal)),
    );
  }

  get token(): KeystoneToken {
    if (!this.#token) throw new SkydeckFailure('internal', 'The OpenStack session is not open.');
    return this.#token;
  }

  get projectId(): string | undefined {
    return this.#token?.project?.id;
  }

  /** The token carries the admin role: admin-only lists are worth trying. */
  get isAdmin(): boolean {
    return this.#token?.roles.includes('admin') ?? false;
  }

  has(service: ServiceType): boolean {
    return this.#roots.has(service);
  }

  root(service: ServiceType): string {
    const root = this.#roots.get(service);
    if (!root) {
      throw new SkydeckFailure(
        'unsupported',
        `This cloud's catalog has no ${serviceLabels[service]} (${service}) endpoint for region ${this.facts.region ?? '(none)'}.`,
      );
    }
    return root;
  }

  microversion(service: MicroversionedService): Microversion | undefined {
    return this.facts.microversions[service];
  }

  /** Sends a request to a service and parses its JSON answer; failures become SkydeckFailures. */
  async call<T = unknown>(service: ServiceType, call: ServiceCall): Promise<ServiceAnswer<T>> {
    const method = call.method ?? 'GET';
    const idempotent = call.idempotent ?? (method === 'GET' || method === 'DELETE');
    const attempts = idempotent ? Math.max(1, this.tuning.retries) : 1;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#callWithAuth<T>(service, call);
      } catch (error) {
        const retry = error instanceof SkydeckFailure && error.retryable && attempt < attempts && !call.signal.aborted;
        if (!retry) throw error;
        await sleep(200 * 2 ** (attempt - 1) + Math.random() * 100, call.signal);
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((client) => client.close()));
    this.#clients.clear();
  }

  async #callWithAuth<T>(service: ServiceType, call: ServiceCall): Promise<ServiceAnswer<T>> {
    await this.#renewIfExpiring(call.signal);
    const generation = this.#generation;
    const first = await this.#send(service, call);
    if (first.status !== 401) return this.#answer<T>(service, call, first);
    await first.text();
    // One renewal per failed request, shared by every request that saw the same token fail.
    if (generation === this.#generation) await this.#renew(call.signal);
    const second = await this.#send(service, call);
    if (second.status === 401) {
      const text = await second.text();
      throw new SkydeckFailure(
        'auth-failed',
        `${serviceLabels[service]} rejected a fresh token from Keystone (HTTP 401 on ${call.method ?? 'GET'} ${call.path}); ` +
          `the service's Keystone settings may be wrong. ${serviceFailure(service, 401, call.method ?? 'GET', call.path, text).message}`,
      );
    }
    return this.#answer<T>(service, call, second);
  }

  async #send(service: ServiceType, call: ServiceCall): Promise<HttpResponse> {
    const url = withQuery(/^https?:\/\//.test(call.path) ? call.path : `${this.root(service)}${call.path}`, call.query);
    const headers: Record<string, string> = { 'x-auth-token': this.token.id, accept: 'application/json' };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.upload) headers['content-type'] = call.upload.contentType;
    const version = call.microversion === undefined && isMicroversioned(service) ? this.facts.microversions[service] : call.microversion;
    if (version && isMicroversioned(service)) {
      const text = formatMicroversion(version);
      headers['openstack-api-version'] = `${microversionedServices[service].header} ${text}`;
      if (service === 'compute') headers['x-openstack-nova-api-version'] = text;
    }
    const client = this.#clientFor(url);
    return this.#limiter.run(
      () =>
        client.request({
          method: call.method ?? 'GET',
          path: url,
          headers,
          ...(call.upload ? { body: call.upload.data } : call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
          signal: call.signal,
        }),
      call.signal,
    );
  }

  async #answer<T>(service: ServiceType, call: ServiceCall, response: HttpResponse): Promise<ServiceAnswer<T>> {
    const method = call.method ?? 'GET';
    const pathOnly = call.path.replace(/^https?:\/\/[^/]+/, '');
    if (response.status >= 400 && !call.accept?.includes(response.status)) {
      throw serviceFailure(service, response.status, method, pathOnly, await response.text());
    }
    const text = await response.text();
    // A status the caller accepted (a 404 while waiting for a deletion) may come with any body.
    const body = response.status >= 400 ? lenientJson<T>(text) : parseBody<T>(text, service, method, pathOnly);
    const answer: ServiceAnswer<T> = { status: response.status, body, headers: response.headers };
    const requestId = response.headers['x-openstack-request-id'] ?? response.headers['x-compute-request-id'];
    if (typeof requestId === 'string') answer.requestId = requestId;
    const date = response.headers.date;
    if (typeof date === 'string' && !Number.isNaN(Date.parse(date))) answer.serverTime = Date.parse(date);
    return answer;
  }

  #clientFor(url: string): HttpClient {
    const origin = new URL(url).origin;
    let client = this.#clients.get(origin);
    if (!client) {
      client = new HttpClient({
        baseUrl: origin,
        trust: this.settings.trust,
        timeoutMs: this.tuning.requestTimeoutMs,
        connections: this.tuning.concurrency,
      });
      this.#clients.set(origin, client);
    }
    return client;
  }

  async #login(signal: AbortSignal): Promise<void> {
    this.logins += 1;
    this.#token = await login(this.#clientFor(this.settings.authUrl), this.settings.authUrl, this.settings.auth, signal);
    this.#generation += 1;
  }

  async #renewIfExpiring(signal: AbortSignal): Promise<void> {
    const token = this.token;
    if (token.expiresAt - Date.now() > renewalMarginMs(token)) return;
    await this.#renew(signal);
  }

  /** One login at a time; concurrent callers wait for the same one. */
  #renew(signal: AbortSignal): Promise<void> {
    if (this.settings.auth.method === 'token') {
      return Promise.reject(
        new SkydeckFailure(
          'token-expired',
          `The token given to this connection expired at ${new Date(this.token.expiresAt).toISOString()}; give a new one, or use a password or an application credential.`,
        ),
      );
    }
    this.#renewal ??= this.#login(signal).finally(() => {
      this.#renewal = undefined;
    });
    return this.#renewal;
  }

  async #negotiate(service: MicroversionedService, signal: AbortSignal): Promise<void> {
    const label = serviceLabels[service];
    const major = microversionedServices[service].newest[0];
    let range: ReturnType<typeof supportedRange>;
    try {
      const answer = await this.call<unknown>(service, {
        path: versionDocumentUrl(service, this.root(service)),
        accept: [300],
        microversion: null,
        signal,
      });
      range = supportedRange(answer.body, major);
    } catch (error) {
      if (error instanceof SkydeckFailure && (error.code === 'cancelled' || error.code === 'auth-failed')) throw error;
      range = undefined;
    }
    if (!range) {
      this.facts.notes.push(
        `${label} did not say which API microversions it supports; Skydeck uses its base version ${major}.0 (fewer details).`,
      );
      return;
    }
    this.facts.serverMaxima[service] = range.max;
    const chosen = negotiate(range, microversionedServices[service].newest);
    if (!chosen) {
      this.facts.notes.push(
        `${label} needs microversion ${formatMicroversion(range.min)} or newer, which Skydeck does not speak; ${label} is skipped.`,
      );
      this.#roots.delete(service);
      return;
    }
    this.facts.microversions[service] = chosen;
  }
}
