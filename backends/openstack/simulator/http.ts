import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readBody } from '../../core/simulator/server';

/** How a service writes its errors (each OpenStack service has its own body). */
export type ErrorStyle = 'keystone' | 'nova' | 'neutron' | 'glance' | 'placement' | 'gnocchi';

export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The exception's name where the service sends it (Neutron's "NetworkNotFound"). */
    readonly type?: string,
  ) {
    super(message);
  }
}

export const notFound = (message: string): SimHttpError => new SimHttpError(404, message);
export const badRequest = (message: string): SimHttpError => new SimHttpError(400, message);
export const forbidden = (message: string): SimHttpError => new SimHttpError(403, message);
export const conflict = (message: string): SimHttpError => new SimHttpError(409, message);

const novaKinds: Record<number, string> = {
  400: 'badRequest',
  403: 'forbidden',
  404: 'itemNotFound',
  406: 'notAcceptable',
  409: 'conflictingRequest',
};
const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  500: 'Internal Server Error',
};

/** The error body and content type a real service would send. */
export function errorBody(style: ErrorStyle, status: number, message: string, type?: string): { contentType: string; body: string } {
  const title = titles[status] ?? 'Error';
  const json = (value: unknown): { contentType: string; body: string } => ({
    contentType: 'application/json',
    body: JSON.stringify(value),
  });
  // keystonemiddleware answers for every service when the token is bad.
  if (status === 401 && style !== 'keystone' && style !== 'glance') {
    return json({ error: { code: 401, title, message: 'The request you have made requires authentication.' } });
  }
  switch (style) {
    case 'keystone':
      return json({ error: { code: status, title, message } });
    case 'nova':
      return json({ [novaKinds[status] ?? 'computeFault']: { code: status, message } });
    case 'neutron':
      return json({ NeutronError: { type: type ?? `HTTP${title.replace(/ /g, '')}`, message, detail: '' } });
    case 'gnocchi':
      return json({ code: status, title, description: message });
    case 'placement':
      return json({
        errors: [
          {
            status,
            title,
            detail: `Access was denied to this resource.\n\n ${message}  `,
            code: 'placement.undefined_code',
            request_id: `req-${randomUUID()}`,
          },
        ],
      });
    case 'glance':
      // webob's error page, as JSON because clients ask for JSON.
      return json({ message: `${escapeHtml(message)}<br /><br />\n\n\n`, code: `${status} ${title}`, title });
  }
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface SimRequest {
  method: string;
  /** The path inside the service, without its prefix ("/v2.1/servers/detail"). */
  path: string;
  url: URL;
  headers: IncomingMessage['headers'];
  /** The request's own base URL ("http://127.0.0.1:4000/compute"), for links. */
  base: string;
  raw: IncomingMessage;
  /** Sent back as x-openstack-request-id; Nova names instance actions by it. */
  requestId: string;
  json<T = Record<string, unknown>>(): Promise<T>;
}

export function toSimRequest(raw: IncomingMessage, prefix: string, origin: string): SimRequest {
  const url = new URL(raw.url ?? '/', origin);
  let parsed: Promise<unknown> | undefined;
  return {
    method: raw.method ?? 'GET',
    path: url.pathname.slice(prefix.length) || '/',
    url,
    headers: raw.headers,
    base: `${origin}${prefix}`,
    raw,
    requestId: `req-${randomUUID()}`,
    json<T>() {
      parsed ??= readBody(raw).then((text) => {
        if (!text.trim()) return {};
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw badRequest('Malformed request body');
        }
      });
      return parsed as Promise<T>;
    },
  };
}

export interface SimReply {
  status: number;
  body?: unknown;
  /** Raw text instead of JSON. */
  text?: string;
  headers?: Record<string, string>;
}

export const reply = (status: number, body?: unknown, headers?: Record<string, string>): SimReply =>
  headers ? { status, body, headers } : { status, body };

export function send(response: ServerResponse, style: ErrorStyle, requestId: string, result: SimReply | SimHttpError): void {
  const headers: Record<string, string> = { 'x-openstack-request-id': requestId };
  if (style === 'nova') headers['x-compute-request-id'] = requestId;
  if (result instanceof SimHttpError) {
    const { contentType, body } = errorBody(style, result.status, result.message, result.type);
    response.writeHead(result.status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) }).end(body);
    return;
  }
  Object.assign(headers, result.headers);
  if (result.text !== undefined) {
    response.writeHead(result.status, { 'content-type': 'text/plain', ...headers }).end(result.text);
    return;
  }
  if (result.body === undefined) {
    response.writeHead(result.status, { ...headers, 'content-length': '0' }).end();
    return;
  }
  const body = JSON.stringify(result.body);
  response
    .writeHead(result.status, { 'content-type': 'application/json', ...headers, 'content-length': Buffer.byteLength(body) })
    .end(body);
}

export type RouteHandler<C> = (context: C, params: Record<string, string>) => SimReply | Promise<SimReply>;

interface Route<C> {
  method: string;
  pattern: RegExp;
  handler: RouteHandler<C>;
}

/** Method + path templates ("/servers/{id}/action") to handlers. */
export class Router<C> {
  readonly #routes: Route<C>[] = [];

  on(method: string, template: string, handler: RouteHandler<C>): this {
    const source = template.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)');
    this.#routes.push({ method, pattern: new RegExp(`^${source}/?$`), handler });
    return this;
  }

  /** The handler for a request, or a 404/405 error. */
  resolve(method: string, path: string): { handler: RouteHandler<C>; params: Record<string, string> } {
    let pathMatched = false;
    for (const route of this.#routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(match.groups ?? {})) params[key] = decodeURIComponent(value);
      return { handler: route.handler, params };
    }
    throw pathMatched
      ? new SimHttpError(405, `The method ${method} is not allowed for this resource.`)
      : notFound('The resource could not be found.');
  }
}

/** Reads a microversion header ("compute 2.90", "latest"), checks it, and returns it. */
export function requestedMicroversion(
  headers: IncomingMessage['headers'],
  service: string,
  min: readonly [number, number],
  max: readonly [number, number],
  legacyHeader?: string,
): [number, number] {
  const standard = String(headers['openstack-api-version'] ?? '');
  let text = '';
  for (const part of standard.split(',')) {
    const [name, value] = part.trim().split(/\s+/);
    if (name?.toLowerCase() === service && value) text = value;
  }
  if (!text && legacyHeader) text = String(headers[legacyHeader] ?? '');
  if (!text) return [min[0], min[1]];
  if (text === 'latest') return [max[0], max[1]];
  const match = /^(\d+)\.(\d+)$/.exec(text);
  if (!match) throw badRequest(`Invalid format of API version ${text}.`);
  const version: [number, number] = [Number(match[1]), Number(match[2])];
  const below = version[0] < min[0] || (version[0] === min[0] && version[1] < min[1]);
  const above = version[0] > max[0] || (version[0] === max[0] && version[1] > max[1]);
  if (below || above) {
    throw new SimHttpError(
      406,
      `Version ${text} is not supported by the API. Minimum is ${min.join('.')} and maximum is ${max.join('.')}.`,
    );
  }
  return version;
}

export const versionAtLeast = (version: readonly [number, number], major: number, minor: number): boolean =>
  version[0] > major || (version[0] === major && version[1] >= minor);

/** Nova, Neutron and Glance write times as "2024-05-01T10:00:00Z". */
export const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
/** Cinder writes "2024-05-01T10:00:00.123000", without a zone. */
export const isoMicros = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000');
/** Keystone writes "2024-05-01T10:00:00.000000Z". */
export const isoMicrosZ = (ms: number): string => `${isoMicros(ms)}Z`;
