import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { apiPrefix } from '../api/api-handler';
import { authenticate } from '../api/authenticate';
import type { ExchangeRecorder } from '../api/recorder';
import type { SimEnv } from '../env';
import type { ConsoleSession } from './console-sessions';
import { ConsoleScreen } from './console-screen';
import { RfbServer } from './rfb-server';
import { TermproxyServer } from './termproxy-server';
import { TinyShell, type ShellHost } from './tiny-shell';

const websocketPath = /^\/nodes\/([^/]+)(?:\/(qemu|lxc)\/(\d+))?\/vncwebsocket$/;

/** X11 keysyms → the characters a terminal would get. */
function keysymText(keysym: number): string | undefined {
  if (keysym >= 0x20 && keysym <= 0x7e) return String.fromCharCode(keysym);
  if (keysym === 0xff0d || keysym === 0xff8d) return '\r';
  if (keysym === 0xff08) return '\x7f';
  if (keysym === 0xff09) return '\t';
  return undefined;
}

/**
 * The websocket side of vncwebsocket: authenticates the upgrade like any API call
 * (cookie or token), checks the console ticket against the waiting proxy on `port`,
 * echoes the `binary` subprotocol, then speaks RFB (VNC) or termproxy on the socket.
 */
export function consoleUpgradeHandler(env: SimEnv, authFailureDelayMs: () => number, recorder?: ExchangeRecorder) {
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: 128 * 1024,
    handleProtocols: (offered) => (offered.has('binary') ? 'binary' : false),
  });
  const refuse = (socket: Duplex, status: number, reason: string, delayMs = 0): void => {
    setTimeout(() => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }, delayMs).unref();
  };

  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'https://simulator');
    const path = url.pathname.startsWith(`${apiPrefix}/`) ? url.pathname.slice(apiPrefix.length) : '';
    const match = websocketPath.exec(path);
    if (!match || request.method !== 'GET') return refuse(socket, 501, 'Not Implemented');
    const params = Object.fromEntries(url.searchParams);
    const record = (status: number, authId?: string): void =>
      recorder?.({
        method: 'GET',
        path,
        params,
        status,
        ...(status === 101 ? { data: { port: params.port } } : {}),
        ...(authId ? { authId } : {}),
      });
    const auth = authenticate(request.headers, env.access);
    if ('refused' in auth) {
      record(401);
      return refuse(socket, 401, auth.refused, authFailureDelayMs());
    }
    const [, nodeName, type, vmid] = match as unknown as [string, string, 'qemu' | 'lxc' | undefined, string | undefined];
    const aclPath = vmid ? `/vms/${vmid}` : `/nodes/${nodeName}`;
    const privilege = vmid ? 'VM.Console' : 'Sys.Console';
    if (!env.access.can(auth.principal, privilege)) {
      record(403, auth.principal.authId);
      return refuse(socket, 403, `Permission check failed (${aclPath}, ${privilege})`);
    }
    const session = env.consoles.claim(Number(params.port), params.vncticket ?? '', auth.principal.authId, aclPath);
    const node = env.lab.node(nodeName);
    const guestMatches = !vmid || (session?.guest?.vmid === Number(vmid) && session.guest.type === type && session.guest.node === nodeName);
    if (!session || !node || !guestMatches) {
      record(401, auth.principal.authId);
      return refuse(socket, 401, 'permission denied - invalid vnc ticket', authFailureDelayMs());
    }
    server.handleUpgrade(request, socket, head, (ws) => {
      record(101, auth.principal.authId);
      attachConsole(env, session, ws);
    });
  };
}

function shellHost(env: SimEnv, session: ConsoleSession): ShellHost {
  const guest = session.guest;
  const node = env.lab.node(session.node);
  return {
    hostname: guest ? env.lab.guestName(guest) : session.node,
    version: env.version.version,
    uptimeSeconds: () => env.now() - (guest ? (guest.startedAt ?? env.now()) : (node?.bootTime ?? env.now())),
    ...(guest
      ? {}
      : {
          guests: () =>
            [...env.lab.guests.values()]
              .filter((candidate) => candidate.node === session.node)
              .map((candidate) => ({
                vmid: candidate.vmid,
                name: env.lab.guestName(candidate),
                status: candidate.status,
                type: candidate.type,
              })),
        }),
  };
}

function attachConsole(env: SimEnv, session: ConsoleSession, ws: WebSocket): void {
  const send = (bytes: Buffer): void => {
    if (ws.readyState === ws.OPEN) ws.send(bytes, { binary: true });
  };
  const close = (): void => ws.close();
  const shell = new TinyShell(shellHost(env, session), { login: session.kind === 'vnc' });
  let receive: (bytes: Buffer) => void;
  let dispose = (): void => undefined;
  if (session.kind === 'vnc') {
    const screen = new ConsoleScreen();
    screen.write(shell.greeting());
    const rfb = new RfbServer({
      password: session.password ?? '',
      desktopName: `VM ${session.guest?.vmid ?? ''} (${session.guest ? env.lab.guestName(session.guest) : session.node})`,
      screen,
      onKey: (keysym) => {
        const text = keysymText(keysym);
        if (text) screen.write(shell.input(text));
      },
      send,
      close,
    });
    shell.onExit = close;
    receive = (bytes) => rfb.receive(bytes);
    dispose = () => rfb.dispose();
  } else {
    const terminal = new TermproxyServer({
      verify: (user, ticket) => env.consoles.verifyTerminalLogin(session, user, ticket),
      shell,
      send,
      close,
    });
    receive = (bytes) => terminal.receive(bytes);
  }
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    receive(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data));
  });
  ws.on('close', () => {
    dispose();
    env.consoles.close(session);
  });
  ws.on('error', () => ws.terminate());
}
