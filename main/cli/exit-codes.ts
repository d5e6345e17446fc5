import type { ErrorCode } from '../../common/errors/skydeck-error';

/** Exit codes scripts can branch on. Documented in `skydeck --help`. */
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  unreachable: 4,
  refused: 5,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'invalid-input':
    case 'conflict':
      return exitCodes.usage;
    case 'not-found':
      return exitCodes.notFound;
    case 'unreachable':
    case 'timeout':
    case 'server-error':
    case 'bad-response':
      return exitCodes.unreachable;
    case 'auth-failed':
    case 'auth-second-factor':
    case 'token-expired':
    case 'forbidden':
    case 'tls-untrusted':
    case 'tls-changed':
    case 'vault-locked':
      return exitCodes.refused;
    default:
      return exitCodes.failure;
  }
}

export const exitCodeHelp = `
Exit codes:
  0  success
  1  unexpected failure
  2  invalid input or usage
  3  no such connection or object
  4  server unreachable, timed out or answering with errors
  5  refused: credentials, permissions, untrusted certificate or locked vault`;
