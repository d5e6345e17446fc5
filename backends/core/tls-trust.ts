import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import tls, { type PeerCertificate, type TLSSocket } from 'node:tls';
import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { CertificateInfo, TlsTrust } from '../../common/model/connection';
import { normalizeFingerprint } from '../../common/model/fingerprint';

export { isValidFingerprint, normalizeFingerprint } from '../../common/model/fingerprint';

/**
 * Trust on first use, per connection. A server is trusted when the system roots (plus
 * the connection's CA file) vouch for it, or when its certificate's SHA-256 fingerprint
 * equals the one the user pinned. Nothing here switches verification off for anyone else:
 * each socket is judged before a byte of the request is written to it.
 */
export interface ResolvedTrust {
  ca: string[];
  pinnedFingerprint?: string;
}

export function resolveTrust(trust: TlsTrust): ResolvedTrust {
  const resolved: ResolvedTrust = { ca: [...tls.rootCertificates] };
  if (trust.caFile) {
    try {
      resolved.ca.push(readFileSync(trust.caFile, 'utf8'));
    } catch (error) {
      throw new SkydeckFailure('invalid-input', `Cannot read the CA file ${trust.caFile}: ${(error as Error).message}`);
    }
  }
  if (trust.pinnedFingerprint) resolved.pinnedFingerprint = normalizeFingerprint(trust.pinnedFingerprint);
  return resolved;
}

const secureContexts = new WeakMap<ResolvedTrust, tls.SecureContext>();

/**
 * Loading the ~150 system roots into a TLS context takes tens of milliseconds of
 * blocked event loop; do it once per trust, not once per socket.
 */
function secureContextOf(trust: ResolvedTrust): tls.SecureContext {
  let context = secureContexts.get(trust);
  if (!context) {
    context = tls.createSecureContext({ ca: trust.ca });
    secureContexts.set(trust, context);
  }
  return context;
}

function describeCertificate(socket: TLSSocket, trust: ResolvedTrust): CertificateInfo {
  const cert: PeerCertificate = socket.getPeerCertificate();
  const name = (fields: PeerCertificate['subject'] | undefined): string =>
    fields
      ? Object.entries(fields)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')
      : '';
  return {
    fingerprint256: cert.fingerprint256,
    subject: name(cert.subject),
    issuer: name(cert.issuer),
    validFrom: cert.valid_from,
    validTo: cert.valid_to,
    trustedByCa: socket.authorized,
    matchesPin: trust.pinnedFingerprint !== undefined && cert.fingerprint256 === trust.pinnedFingerprint,
  };
}

/** The verdict on a socket whose handshake is done: undefined when trusted, else the failure. */
export function judgeCertificate(socket: TLSSocket, trust: ResolvedTrust, host: string): SkydeckFailure | undefined {
  const certificate = describeCertificate(socket, trust);
  if (certificate.trustedByCa || certificate.matchesPin) return undefined;
  const details = { host, certificate: { ...certificate } };
  if (trust.pinnedFingerprint) {
    return new SkydeckFailure(
      'tls-changed',
      `The certificate of ${host} has changed since you trusted it (now ${certificate.fingerprint256}, pinned ${trust.pinnedFingerprint}). ` +
        'This can be a renewed certificate or an interception; check it with the server admin before trusting it again.',
      { details: { ...details, pinnedFingerprint: trust.pinnedFingerprint } },
    );
  }
  return new SkydeckFailure(
    'tls-untrusted',
    `The certificate of ${host} is not trusted (${socket.authorizationError ?? 'unknown issuer'}). ` +
      `Its SHA-256 fingerprint is ${certificate.fingerprint256}; trust it only if it matches the one on the server.`,
    { details },
  );
}

export interface SecureSocketOptions {
  host: string;
  port: number;
  trust: ResolvedTrust;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Opens a TLS socket and resolves once the certificate has been judged, with the
 * certificate's description. The caller decides whether an untrusted one is fatal.
 */
export function openTlsSocket(
  options: SecureSocketOptions,
): Promise<{ socket: TLSSocket; certificate: CertificateInfo; failure?: SkydeckFailure }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: options.host,
      port: options.port,
      secureContext: secureContextOf(options.trust),
      servername: isIP(options.host) ? undefined : options.host,
      // Judged below, socket by socket, before anything is written: see judgeCertificate.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const fail = (error: unknown): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(toNetworkFailure(error, `${options.host}:${options.port}`));
    };
    const timer = setTimeout(
      () => fail(new SkydeckFailure('timeout', `No TLS handshake from ${options.host}:${options.port} within ${options.timeoutMs} ms.`)),
      options.timeoutMs,
    );
    const onAbort = (): void => fail(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.off('error', fail);
      const certificate = describeCertificate(socket, options.trust);
      const failure = judgeCertificate(socket, options.trust, options.host);
      resolve(failure ? { socket, certificate, failure } : { socket, certificate });
    });
  });
}

const networkMessages: Record<string, string> = {
  ECONNREFUSED: 'refused the connection (nothing listens on that port?)',
  ENOTFOUND: 'could not be resolved (check the host name and your VPN/DNS)',
  EAI_AGAIN: 'could not be resolved right now (DNS unreachable?)',
  ECONNRESET: 'dropped the connection',
  EHOSTUNREACH: 'is unreachable (no route: check the VPN)',
  ENETUNREACH: 'is unreachable (network down?)',
  ETIMEDOUT: 'did not answer in time',
  EPIPE: 'closed the connection',
  UND_ERR_SOCKET: 'dropped the connection',
  UND_ERR_CONNECT_TIMEOUT: 'did not accept a connection in time',
  UND_ERR_HEADERS_TIMEOUT: 'did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'stopped sending in the middle of an answer',
  UND_ERR_CLOSED: 'closed the connection',
  EPROTO: 'does not speak TLS on that port (plain HTTP?)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'does not speak TLS on that port (plain HTTP?)',
};

/** Any low-level network error as a SkydeckFailure a sysadmin can act on. */
export function toNetworkFailure(error: unknown, where: string): SkydeckFailure {
  if (error instanceof SkydeckFailure) return error;
  const e = error as { code?: string; name?: string; message?: string; cause?: unknown };
  if (e?.name === 'AbortError' || e?.code === 'ABORT_ERR' || e?.code === 'UND_ERR_ABORTED') {
    return new SkydeckFailure('cancelled', 'The operation was cancelled.');
  }
  if (e?.cause instanceof SkydeckFailure) return e.cause;
  const code = e?.code ?? '';
  const text = networkMessages[code];
  const timeout = code.includes('TIMEOUT') || code === 'ETIMEDOUT';
  return new SkydeckFailure(timeout ? 'timeout' : 'unreachable', `${where} ${text ?? `failed: ${e?.message ?? String(error)}`}`, {
    details: { code: code || undefined },
    cause: error,
  });
}
