/** "ab cd:EF…" or "abcdef…" → "AB:CD:EF:…" (how Node and most tools print SHA-256 fingerprints). */
export function normalizeFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? '';
}

export function isValidFingerprint(fingerprint: string): boolean {
  return /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(normalizeFingerprint(fingerprint));
}
