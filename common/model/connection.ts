import type { ErrorCode } from '../errors/skydeck-error';
import type { PlatformKind } from './platform';

/** How Skydeck trusts a server's certificate. Never "verification off". */
export interface TlsTrust {
  /** SHA-256 fingerprint the user confirmed, as upper-case hex pairs joined by ':'. */
  pinnedFingerprint?: string;
  /** Path to a PEM file of CA certificates to trust for this connection only. */
  caFile?: string;
}

/** A configured connection as stored on disk and shown to the renderer: never a secret. */
export interface ConnectionConfig {
  id: string;
  name: string;
  kind: PlatformKind;
  url: string;
  /** Non-secret platform fields (username, realm, region, project …), see connection-forms.ts. */
  fields: Record<string, string>;
  tls: TlsTrust;
  createdAt: string;
  /** A connection to one of the built-in simulators of the demo lab. */
  demo?: boolean;
}

/** Secrets of one connection, held only by the host (password, token secret …). */
export type ConnectionSecrets = Record<string, string>;

export type ConnectionLevel = 'idle' | 'connecting' | 'connected' | 'syncing' | 'stale' | 'error';

export interface ConnectionStatus {
  connectionId: string;
  level: ConnectionLevel;
  message: string;
  at: string;
}

export interface CertificateInfo {
  fingerprint256: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** True when the system or the connection's CA file vouches for the certificate. */
  trustedByCa: boolean;
  /** True when the fingerprint equals the one pinned for the connection. */
  matchesPin: boolean;
}

export interface ConnectionTestResult {
  reachable: boolean;
  message: string;
  latencyMs?: number;
  certificate?: CertificateInfo;
  /** The login attempt, made once the server is reachable and trusted. */
  login?: { ok: boolean; message: string; code?: ErrorCode };
}
