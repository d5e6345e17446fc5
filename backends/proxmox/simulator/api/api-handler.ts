import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../../../core/concurrency';
import type { FaultInjector } from '../../../core/simulator/faults';
import { readBody, type RequestHandler } from '../../../core/simulator/server';
import type { AccessControl } from '../access';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import type { ExchangeRecorder } from './recorder';
import { CountedList, verifyParams, type CallContext, type Router } from './router';

export interface ApiHandlerDeps {
  router: Router;
  access: AccessControl;
  faults: FaultInjector;
  /** PVE answers every failed authentication after 3 s. */
  authFailureDelayMs: () => number;
  recorder?: ExchangeRecorder;
}

export const apiPrefix = '/api2/json';

/** A reason phrase Node accepts: one line, Latin-1. */
const reasonPhrase = (message: string): string =>
  message
    .split('\n')[0]!
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 200) || 'Error';

async function readParams(request: IncomingMessage, url: URL): Promise<Record<string, string>> {
  const method = request.method ?? 'GET';
  if (method === 'GET' || method === 'DELETE') return Object.fromEntries(url.searchParams);
  const body = await readBody(request);
  if (body.trim() === '') return {};
  if ((request.headers['content-type'] ?? '').includes('application/json')) {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(parsed).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
    );
  }
  return Object.fromEntries(new URLSearchParams(body));
}

/**
 * The /api2/json pipeline: faults, routing (501 for unknown methods), authentication
 * (401 after a delay), the CSRF check on ticket writes, parameter verification (400),
 * permissions (403), the handler, and the `{data: …}` envelope.
 */
export function apiRequestHandler(deps: ApiHandlerDeps): RequestHandler {
  return async (request: IncomingMessage, response: ServerResponse) => {
    if (await deps.faults.intercept(request, response)) return;
    const url = new URL(request.url ?? '/', 'https://simulator');
    const method = request.method ?? 'GET';
    if (!url.pathname.startsWith(`${apiPrefix}/`)) {
      response
        .writeHead(404, 'Not Found', { 'content-type': 'text/plain' })
        .end('Skydeck Proxmox VE simulator: the API lives under /api2/json/');
      return;
    }
    const path = url.pathname.slice(apiPrefix.length).replace(/\/+$/, '') || '/';
    const params = await readParams(request, url);
    const exchange = { method, path, params };
    const reply = (status: number, reason: string, envelope?: Record<string, unknown>, authId?: string): void => {
      const body = envelope === undefined ? '' : JSON.stringify(envelope);
      response
        .writeHead(status, reasonPhrase(reason), {
          'content-type': 'application/json;charset=UTF-8',
          'content-length': Buffer.byteLength(body),
        })
        .end(body);
      deps.recorder?.({
        ...exchange,
        status,
        ...(status === 200 && envelope ? { data: envelope.data } : {}),
        ...(authId ? { authId } : {}),
      });
    };
    const fail = (error: ApiError, authId?: string): void => {
      const envelope: Record<string, unknown> = { data: null, message: `${error.message}\n` };
      if (error.errors) envelope.errors = error.errors;
      reply(error.status, error.message, envelope, authId);
    };

    const match = deps.router.match(method, path);
    if (!match.route) {
      fail(new ApiError(501, `Method '${method} ${path}' not implemented`));
      return;
    }
    const { route } = match;
    let principal = { authId: '', userid: '', token: false };
    if (!route.public) {
      const auth = authenticate(request.headers, deps.access);
      if ('refused' in auth) {
        await sleep(deps.authFailureDelayMs());
        reply(401, auth.refused);
        return;
      }
      principal = auth.principal;
      if (
        method !== 'GET' &&
        auth.byTicket &&
        !deps.access.verifyCsrf(principal.userid, headerValue(request.headers.csrfpreventiontoken))
      ) {
        await sleep(deps.authFailureDelayMs());
        reply(401, 'Permission denied - invalid csrf token', undefined, principal.authId);
        return;
      }
    }
    const call: CallContext = { principal, path: match.path, params };
    try {
      const errors = verifyParams(route, params);
      if (errors) throw new ApiError(400, 'Parameter verification failed.', errors);
      const needed = route.permission?.(call);
      if (needed && !deps.access.can(principal, needed[1])) throw new ApiError(403, `Permission check failed (${needed[0]}, ${needed[1]})`);
      const result = await route.handle(call);
      const envelope = result instanceof CountedList ? { data: result.data, total: result.total } : { data: result ?? null };
      reply(200, 'OK', envelope, principal.authId || undefined);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 401) await sleep(deps.authFailureDelayMs());
      fail(error, principal.authId || undefined);
    }
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
