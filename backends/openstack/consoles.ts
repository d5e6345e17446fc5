import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { ConsoleEndpoint, ConsoleKind } from '../../common/model/operations';
import { list, record, text, type NativeBody } from './mapping/context';
import { atLeast } from './microversions';
import type { OpenstackSession } from './session';
import { nativeTarget } from './task-ref';

/**
 * noVNC console URLs as Nova gives them ("http://proxy:6080/vnc_auto.html?path=%3Ftoken%3D…"
 * or "…/vnc_lite.html?token=…") → the proxy's WebSocket, which takes the same token.
 */
export function novncWebsocketUrl(consoleUrl: string): string {
  const url = new URL(consoleUrl);
  const scheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const path = url.searchParams.get('path');
  const token = url.searchParams.get('token');
  const tail = path !== null ? (path.startsWith('/') ? path : `/${path}`) : token ? `/?token=${encodeURIComponent(token)}` : '/';
  return `${scheme}//${url.host}${tail}`;
}

/** The address an SSH client should use: a floating IP first, then a fixed IPv4, then IPv6. */
export function sshAddress(server: NativeBody): string | undefined {
  const entries = Object.values(record(server.addresses)).flatMap((value) => list(value).map(record));
  const pick = (predicate: (entry: NativeBody) => boolean): string | undefined => text(entries.find(predicate)?.addr);
  return (
    text(server.accessIPv4) ??
    pick((entry) => entry['OS-EXT-IPS:type'] === 'floating') ??
    pick((entry) => entry.version === 4) ??
    text(server.accessIPv6) ??
    pick(() => true)
  );
}

async function remoteConsole(
  session: OpenstackSession,
  serverId: string,
  protocol: 'vnc' | 'serial',
  signal: AbortSignal,
): Promise<string> {
  const type = protocol === 'vnc' ? 'novnc' : 'serial';
  if (atLeast(session.microversion('compute'), 2, 6)) {
    const answer = await session.call<{ remote_console?: NativeBody }>('compute', {
      method: 'POST',
      path: `/servers/${serverId}/remote-consoles`,
      body: { remote_console: { protocol, type } },
      idempotent: true,
      signal,
    });
    const url = text(answer.body?.remote_console?.url);
    if (url) return url;
  } else {
    const action = protocol === 'vnc' ? 'os-getVNCConsole' : 'os-getSerialConsole';
    const answer = await session.call<{ console?: NativeBody }>('compute', {
      method: 'POST',
      path: `/servers/${serverId}/action`,
      body: { [action]: { type } },
      idempotent: true,
      signal,
    });
    const url = text(answer.body?.console?.url);
    if (url) return url;
  }
  throw new SkydeckFailure('bad-response', `Nova gave no ${protocol} console URL for server ${serverId}.`);
}

/** Where a console for the server can be opened: noVNC, the serial console, or SSH to its address. */
export async function openConsole(
  session: OpenstackSession,
  target: string,
  kind: ConsoleKind,
  signal: AbortSignal,
): Promise<ConsoleEndpoint> {
  const { nativeId } = nativeTarget(target, ['vm'], 'A console');
  switch (kind) {
    case 'vnc':
      return { kind: 'vnc', websocketUrl: novncWebsocketUrl(await remoteConsole(session, nativeId, 'vnc', signal)) };
    case 'terminal':
      return { kind: 'terminal', websocketUrl: await remoteConsole(session, nativeId, 'serial', signal), handshake: '', framing: 'raw' };
    case 'ssh': {
      const server = (await session.call<{ server: NativeBody }>('compute', { path: `/servers/${nativeId}`, signal })).body.server;
      const host = sshAddress(server);
      if (!host) throw new SkydeckFailure('unsupported', `Server ${String(server.name ?? nativeId)} has no IP address to reach it by SSH.`);
      return { kind: 'ssh', host, port: 22 };
    }
    default:
      throw new SkydeckFailure('unsupported', `OpenStack servers offer VNC (noVNC), serial and SSH consoles, not "${kind}".`);
  }
}
