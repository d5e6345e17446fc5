/**
 * Proxmox VE's Perl JSON encoder sends a number as a string whenever the value was
 * last used as one (e.g. `"port": "5900"`, `"loadavg": ["0.05"]`), booleans as 0/1, and
 * leaves keys out rather than sending null. These readers accept all of that.
 */

/** A finite number from a number or a numeric string; undefined otherwise. */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

export function readInteger(value: unknown): number | undefined {
  const parsed = readNumber(value);
  return parsed === undefined ? undefined : Math.trunc(parsed);
}

/** 1/0, true/false, "1"/"0", "yes"/"no", "on"/"off" (the forms PVE writes in configs). */
export function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const lowered = value.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(lowered)) return true;
    if (['0', 'false', 'no', 'off', ''].includes(lowered)) return false;
  }
  return undefined;
}

/** A non-empty string; numbers become their decimal form (vmid sent as a number or a string). */
export function readString(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rows of a list answer; anything that is not an object is dropped. */
export function readRows(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
