import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import type { ObjectId } from '../../../common/model/inventory';
import type { ConsoleEndpoint, ConsoleKind } from '../../../common/model/operations';
import type { ProxmoxApi } from '../api/client';
import { isRecord, readString } from '../api/lenient';
import { apiPaths } from '../api/paths';
import type { GuestLocator } from '../inventory/guest-locator';
import { readTarget } from '../inventory/ids';
import type { SyncState } from '../inventory/sync-state';

interface ProxyTicket {
  port: string;
  ticket: string;
  user?: string;
  password?: string;
}

function readProxyTicket(data: unknown, host: string): ProxyTicket {
  const port = isRecord(data) ? readString(data.port) : undefined;
  const ticket = isRecord(data) ? readString(data.ticket) : undefined;
  if (!port || !ticket) throw new SkydeckFailure('bad-response', `${host} opened no console proxy (no port or ticket in the answer).`);
  const result: ProxyTicket = { port, ticket };
  const user = readString((data as Record<string, unknown>).user);
  if (user) result.user = user;
  const password = readString((data as Record<string, unknown>).password);
  if (password) result.password = password;
  return result;
}

export interface ConsoleContext {
  api: ProxmoxApi;
  locator: GuestLocator;
  /** https://host:8006 of the connection. */
  origin: URL;
  state: () => SyncState | undefined;
}

/** wss://host/api2/json<base>/vncwebsocket?port=…&vncticket=… */
function websocketUrl(origin: URL, base: string, proxy: ProxyTicket): string {
  const url = new URL(`/api2/json${base}/vncwebsocket`, origin);
  url.protocol = origin.protocol === 'http:' ? 'ws:' : 'wss:';
  url.searchParams.set('port', proxy.port);
  url.searchParams.set('vncticket', proxy.ticket);
  return url.toString();
}

/**
 * A console endpoint the console service can open right away (PVE proxies wait 10 s and
 * tickets last 40 s): noVNC over vncwebsocket for graphical consoles, termproxy framing
 * for node shells and container/serial terminals, SSH to a node's cluster address.
 */
export async function consoleEndpoint(
  context: ConsoleContext,
  targetId: ObjectId,
  kind: ConsoleKind,
  signal: AbortSignal,
): Promise<ConsoleEndpoint> {
  const { api } = context;
  const target = readTarget(targetId);
  if (target?.kind === 'node') {
    if (kind === 'ssh') {
      const ip = context.state()?.status.nodes.get(target.node)?.ip;
      return { kind: 'ssh', host: ip ?? target.node, port: 22 };
    }
    if (kind !== 'terminal') throw new SkydeckFailure('unsupported', `A node offers a terminal or SSH, not ${kind}.`);
    const base = apiPaths.node(target.node);
    return terminalEndpoint(context, base, await api.post(`${base}/termproxy`, undefined, signal), signal);
  }
  if (target?.kind !== 'guest') throw new SkydeckFailure('invalid-input', `${targetId} has no console: choose a node, VM or container.`);
  const { ref } = await context.locator.locate(target.vmid, signal, true);
  const base = apiPaths.guest(ref.node, ref.type, ref.vmid);
  if (kind === 'vnc') {
    const proxy = readProxyTicket(await api.post(`${base}/vncproxy`, { websocket: true }, signal), api.host);
    return {
      kind: 'vnc',
      websocketUrl: websocketUrl(context.origin, base, proxy),
      // VNC authentication only reads 8 bytes, so the ticket (which starts with the password) works on older servers.
      password: proxy.password ?? proxy.ticket,
      headers: await api.session.consoleHeaders(signal),
    };
  }
  if (kind === 'terminal') {
    return terminalEndpoint(context, base, await api.post(`${base}/termproxy`, undefined, signal), signal);
  }
  throw new SkydeckFailure('unsupported', `Proxmox guests offer VNC or a terminal, not ${kind}.`);
}

async function terminalEndpoint(context: ConsoleContext, base: string, data: unknown, signal: AbortSignal): Promise<ConsoleEndpoint> {
  const proxy = readProxyTicket(data, context.api.host);
  const user = proxy.user ?? context.api.session.principal;
  return {
    kind: 'terminal',
    websocketUrl: websocketUrl(context.origin, base, proxy),
    handshake: `${user}:${proxy.ticket}\n`,
    headers: await context.api.session.consoleHeaders(signal),
    framing: 'proxmox-termproxy',
  };
}
