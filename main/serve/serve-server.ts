import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../../common/contract/wire';
import type { Host } from '../host/create-host';
import { securityHeaders, serveRendererFile } from './static-files';

export interface ServeOptions {
  host: Host;
  rendererDir: string;
  /** 127.0.0.1 unless the user asks for another address. */
  bindAddress?: string;
  port?: number;
  token?: string;
}

export interface RunningServe {
  /** The URL to open, with its one-time token. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const cookieName = 'skydeck_token';
const maxMessageBytes = 1 << 20;

/**
 * `skydeck serve`: the host behind HTTP + WebSocket for a browser. Every request and
 * every WebSocket must carry the random token printed at start (in the URL once, then
 * as an HttpOnly SameSite=Strict cookie); the Host and Origin headers must name this
 * server, which defeats DNS rebinding and cross-site WebSocket hijacking.
 */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  if (!existsSync(join(options.rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (${options.rendererDir}/index.html is missing): run "npm run build" first.`);
  }
  const token = options.token ?? randomBytes(24).toString('hex');
  const bindAddress = options.bindAddress ?? '127.0.0.1';
  const server = createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindAddress, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const displayHost = bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;
  const origin = `http://${displayHost === '0.0.0.0' ? '127.0.0.1' : displayHost}:${port}`;
  const allowedHosts = new Set([`${displayHost}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const allowedOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));

  const hasToken = (request: IncomingMessage, url: URL): boolean => {
    const offered = url.searchParams.get('token') ?? readCookie(request.headers.cookie, cookieName);
    return offered !== undefined && sameSecret(offered, token);
  };
  const hostAllowed = (request: IncomingMessage): boolean => allowedHosts.has(request.headers.host ?? '');

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', origin);
    if (!hostAllowed(request) || !hasToken(request, url)) {
      refuse(response);
      return;
    }
    if (url.searchParams.has('token')) {
      // Trade the token in the URL for a cookie, so it leaves the address bar and history.
      url.searchParams.delete('token');
      response.writeHead(302, {
        ...securityHeaders,
        location: url.pathname + url.search,
        'set-cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      response.end();
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, securityHeaders).end();
      return;
    }
    serveRendererFile(options.rendererDir, url.pathname, response).catch(() => response.destroy());
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(request.url ?? '/', origin);
    const originHeader = request.headers.origin ?? '';
    if (url.pathname !== '/api' || !hostAllowed(request) || !hasToken(request, url) || !allowedOrigins.has(originHeader)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => attachClient(ws, originHeader, options.host));
  });

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function attachClient(ws: WebSocket, origin: string, host: Host): void {
  const send = (message: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = host.events.subscribe((event, payload) => send({ type: 'event', event, payload }));
  ws.on('close', unsubscribe);
  ws.on('message', (data, isBinary) => {
    const message = isBinary ? undefined : parseClientMessage(data.toString());
    if (!message) {
      ws.close(1003, 'Expected a JSON invoke message.');
      return;
    }
    void host.dispatcher
      .invoke(message.method, message.params, { transport: 'websocket', origin })
      .then((outcome) => send({ type: 'result', id: message.id, ...outcome }));
  });
}

function parseClientMessage(text: string): ClientMessage | undefined {
  try {
    const value = JSON.parse(text) as Partial<ClientMessage>;
    if (value.type === 'invoke' && Number.isSafeInteger(value.id) && typeof value.method === 'string') return value as ClientMessage;
  } catch {
    // Not JSON: refused below.
  }
  return undefined;
}

function refuse(response: ServerResponse): void {
  response.writeHead(403, { ...securityHeaders, 'content-type': 'text/plain; charset=utf-8' });
  response.end('Skydeck: this address needs the token that "skydeck serve" printed. Open the full URL it printed.\n');
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function sameSecret(offered: string, expected: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
