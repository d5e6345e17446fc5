/**
 * The one error shape that crosses process boundaries (IPC, WebSocket, CLI output).
 * It is a plain object so it survives structured clone and JSON; inside the host,
 * code throws `SkydeckFailure`, and transports turn anything thrown into a
 * `SkydeckError` with `toSkydeckError`.
 */
export const errorCodes = [
  'invalid-input',
  'not-found',
  'conflict',
  'unreachable',
  'timeout',
  'tls-untrusted',
  'tls-changed',
  'auth-failed',
  'auth-second-factor',
  'token-expired',
  'forbidden',
  'vault-locked',
  'server-error',
  'bad-response',
  'task-failed',
  'unsupported',
  'cancelled',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface SkydeckError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  retryable: boolean;
}

const retryableByDefault: ReadonlySet<ErrorCode> = new Set(['unreachable', 'timeout', 'server-error']);

export class SkydeckFailure extends Error implements SkydeckError {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { details?: Record<string, unknown>; retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SkydeckFailure';
    this.code = code;
    if (options.details) this.details = options.details;
    this.retryable = options.retryable ?? retryableByDefault.has(code);
  }

  toJSON(): SkydeckError {
    return toPlainError(this);
  }
}

function toPlainError(error: SkydeckError): SkydeckError {
  const plain: SkydeckError = { code: error.code, message: error.message, retryable: error.retryable };
  if (error.details) plain.details = error.details;
  return plain;
}

export function isSkydeckError(value: unknown): value is SkydeckError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<SkydeckError>;
  return (
    typeof candidate.code === 'string' &&
    (errorCodes as readonly string[]).includes(candidate.code) &&
    typeof candidate.message === 'string'
  );
}

/** Anything thrown, as a plain SkydeckError; unknown errors become `internal`. */
export function toSkydeckError(thrown: unknown): SkydeckError {
  if (isSkydeckError(thrown)) {
    return toPlainError({ code: thrown.code, message: thrown.message, details: thrown.details, retryable: thrown.retryable ?? false });
  }
  if (thrown instanceof Error && thrown.name === 'AbortError') {
    return { code: 'cancelled', message: 'The operation was cancelled.', retryable: false };
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { code: 'internal', message: `Unexpected error: ${message}`, retryable: false };
}

export const isAuthError = (e: unknown): boolean =>
  isSkydeckError(e) && (e.code === 'auth-failed' || e.code === 'token-expired' || e.code === 'auth-second-factor');
export const isTlsError = (e: unknown): boolean => isSkydeckError(e) && (e.code === 'tls-untrusted' || e.code === 'tls-changed');
export const isCancelled = (e: unknown): boolean => isSkydeckError(e) && e.code === 'cancelled';
