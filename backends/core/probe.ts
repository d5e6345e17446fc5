import { connect } from 'node:net';
import type { ConnectionTestResult, TlsTrust } from '../../common/model/connection';
import { SkydeckFailure, toSkydeckError } from '../../common/errors/skydeck-error';
import { openTlsSocket, resolveTrust, toNetworkFailure } from './tls-trust';

/**
 * "Test connection" before any platform login: is the server reachable, and what
 * certificate does it present? Reports, never throws for network trouble.
 */
export async function probeServer(url: string, trust: TlsTrust, signal?: AbortSignal, timeoutMs = 10_000): Promise<ConnectionTestResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new SkydeckFailure('invalid-input', `"${url}" is not a URL.`);
  }
  const secure = target.protocol === 'https:';
  const port = Number(target.port) || (secure ? 443 : 80);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const started = performance.now();
  try {
    if (!secure) {
      await tcpConnect(host, port, timeoutMs, signal);
      return {
        reachable: true,
        latencyMs: elapsed(started),
        message: `${target.host} is reachable over plain HTTP (no TLS: traffic is not encrypted).`,
      };
    }
    const { socket, certificate, failure } = await openTlsSocket({ host, port, trust: resolveTrust(trust), timeoutMs, signal });
    socket.destroy();
    const verdict = certificate.trustedByCa
      ? 'and its certificate is signed by a trusted CA'
      : certificate.matchesPin
        ? 'and its certificate matches the fingerprint you pinned'
        : failure?.code === 'tls-changed'
          ? `but its certificate CHANGED since you pinned it (pinned ${trust.pinnedFingerprint ?? ''}): check with the server admin before trusting the new one`
          : `but its certificate is not trusted yet (${certificate.issuer === certificate.subject ? 'self-signed' : `issued by ${certificate.issuer}`}): compare its SHA-256 fingerprint with the server's before trusting it`;
    return { reachable: true, latencyMs: elapsed(started), certificate, message: `${target.host} is reachable, ${verdict}.` };
  } catch (error) {
    const failure = toSkydeckError(error instanceof SkydeckFailure ? error : toNetworkFailure(error, target.host));
    if (failure.code === 'cancelled' || failure.code === 'invalid-input') throw error;
    return { reachable: false, message: failure.message };
  }
}

const elapsed = (since: number): number => Math.round(performance.now() - since);

function tcpConnect(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, signal });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new SkydeckFailure('timeout', `${host}:${port} did not answer within ${timeoutMs} ms.`));
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (error) => reject(toNetworkFailure(error, `${host}:${port}`)));
  });
}
