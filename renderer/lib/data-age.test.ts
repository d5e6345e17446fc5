import { describe, expect, it } from 'vitest';
import { ageText, isoHoursBefore } from './data-age';

const now = Date.parse('2026-03-01T12:00:00Z');
const before = (ms: number): string => new Date(now - ms).toISOString();

describe('ageText', () => {
  it('says how old data is in minutes, hours, then days', () => {
    expect(ageText(before(10_000), now)).toBe('just now');
    expect(ageText(before(4 * 60_000), now)).toBe('4 min ago');
    expect(ageText(before(3 * 3_600_000 + 20 * 60_000), now)).toBe('3 h ago');
    expect(ageText(before(47 * 3_600_000), now)).toBe('47 h ago');
    expect(ageText(before(5 * 86_400_000), now)).toBe('5 days ago');
  });

  it('reads a time in the future (a skewed clock) as just now', () => {
    expect(ageText(before(-60_000), now)).toBe('just now');
  });
});

describe('isoHoursBefore', () => {
  it('gives the time a number of hours back', () => {
    expect(isoHoursBefore(24, now)).toBe('2026-02-28T12:00:00.000Z');
  });
});
