import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { ConsoleEndpoint, ConsoleKind } from '../../common/model/operations';
import { targetRef } from './actions/targets';
import { retrieveObjects } from './property-collector';
import type { VimSession } from './session';
import { leaf } from './soap/envelope';
import { vimFaultOf } from './soap/fault';
import { arrayItems, child, childrenNamed, numberAt, textAt } from './soap/xml-node';

/**
 * Console endpoints: a VMRC link with a clone ticket, the HTML5 console's WebMKS ticket
 * where the server offers one, or the guest's IP address for SSH.
 */
export async function consoleEndpoint(
  session: VimSession,
  connectionId: string,
  serverUrl: URL,
  target: string,
  kind: ConsoleKind,
  signal: AbortSignal,
): Promise<ConsoleEndpoint> {
  switch (kind) {
    case 'vmrc': {
      const { ref: vm } = targetRef(connectionId, target, ['vm']);
      const answer = await session.call({ method: 'AcquireCloneTicket', target: session.content.sessionManager }, signal);
      const ticket = textAt(child(answer, 'returnval'));
      if (!ticket) throw new SkydeckFailure('bad-response', `${session.host} gave no clone ticket for the VMRC console.`);
      return { kind: 'vmrc', url: `vmrc://clone:${encodeURIComponent(ticket)}@${serverUrl.host}/?moid=${encodeURIComponent(vm.value)}` };
    }
    case 'webmks':
      return webmks(session, connectionId, serverUrl, target, signal);
    case 'ssh':
      return { kind: 'ssh', host: await guestAddress(session, connectionId, target, signal), port: 22 };
    default:
      throw new SkydeckFailure('unsupported', `vSphere offers no ${kind} console; use vmrc, webmks or ssh.`);
  }
}

async function webmks(
  session: VimSession,
  connectionId: string,
  serverUrl: URL,
  target: string,
  signal: AbortSignal,
): Promise<ConsoleEndpoint> {
  const { ref: vm } = targetRef(connectionId, target, ['vm']);
  let answer;
  try {
    answer = await session.call({ method: 'AcquireTicket', target: vm, args: leaf('ticketType', 'webmks') }, signal);
  } catch (error) {
    if (vimFaultOf(error) === 'MethodNotFound' || vimFaultOf(error) === 'NotSupported') {
      throw new SkydeckFailure(
        'unsupported',
        `${session.host} does not issue web console (WebMKS) tickets; open the console with VMRC instead.`,
      );
    }
    throw error;
  }
  const ticket = child(answer, 'returnval');
  const value = textAt(ticket, 'ticket');
  if (!value) throw new SkydeckFailure('bad-response', `${session.host} gave an empty web console ticket.`);
  const url = textAt(ticket, 'url');
  if (url) return { kind: 'webmks', url };
  const host = textAt(ticket, 'host') ?? serverUrl.hostname;
  const port = numberAt(ticket, 'port') ?? (Number(serverUrl.port) || 443);
  return { kind: 'webmks', url: `wss://${host}:${port}/ticket/${encodeURIComponent(value)}` };
}

/** The first IPv4 address VMware Tools reports (else any address), or a clear failure. */
async function guestAddress(session: VimSession, connectionId: string, target: string, signal: AbortSignal): Promise<string> {
  const { ref, kind } = targetRef(connectionId, target, ['vm', 'host']);
  if (kind === 'host') {
    const [content] = await retrieveObjects(session, [ref], [{ type: 'HostSystem', paths: ['name', 'config.network.vnic'] }], signal);
    const ip = arrayItems(content?.props.get('config.network.vnic'))
      .map((vnic) => textAt(vnic, 'spec.ip.ipAddress'))
      .find(Boolean);
    return ip ?? textAt(content?.props.get('name')) ?? ref.value;
  }
  const [content] = await retrieveObjects(
    session,
    [ref],
    [{ type: 'VirtualMachine', paths: ['name', 'guest.ipAddress', 'guest.net'] }],
    signal,
  );
  const addresses = [
    textAt(content?.props.get('guest.ipAddress')),
    ...arrayItems(content?.props.get('guest.net')).flatMap((nic) => childrenNamed(nic, 'ipAddress').map((n) => n.text)),
  ].filter((ip): ip is string => Boolean(ip));
  const ip = addresses.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a)) ?? addresses[0];
  if (!ip) {
    const name = textAt(content?.props.get('name')) ?? ref.value;
    throw new SkydeckFailure(
      'unsupported',
      `${name} reports no IP address (is it running, with VMware Tools?), so there is nothing to SSH to.`,
    );
  }
  return ip;
}
