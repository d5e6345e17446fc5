import { describe, expect, it } from 'vitest';
import { totp, verifyTotp } from './totp';

// RFC 6238 appendix B, SHA-1 rows: secret "12345678901234567890" in base32.
const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors (last 6 digits)', () => {
    expect(totp(rfcSecret, 59, 8)).toBe('94287082');
    expect(totp(rfcSecret, 1111111109, 8)).toBe('07081804');
    expect(totp(rfcSecret, 20000000000, 8)).toBe('65353130');
    expect(totp(rfcSecret, 59)).toBe('287082');
  });

  it('accepts a neighbouring step and refuses an old code', () => {
    const code = totp(rfcSecret, 1_000_000);
    expect(verifyTotp(rfcSecret, code, 1_000_000 + 25)).toBe(true);
    expect(verifyTotp(rfcSecret, code, 1_000_000 + 300)).toBe(false);
  });
});
