import { describe, expect, it } from 'vitest';
import { countOf, formatBytes, formatDuration, formatNumber } from './format';

describe('formatting for people', () => {
  it('writes sizes in binary units', () => {
    expect(formatBytes(16 * 1024 ** 3)).toBe('16 GiB');
    expect(formatBytes(1.5 * 1024 ** 4)).toBe('1.5 TiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(250 * 1024 ** 3 + 1)).toBe('250 GiB');
    expect(formatBytes(undefined)).toBe('');
  });

  it('writes durations and counts', () => {
    expect(formatDuration(3 * 86_400 + 4 * 3_600 + 59)).toBe('3 d 4 h');
    expect(formatDuration(2 * 3_600 + 5 * 60)).toBe('2 h 5 min');
    expect(countOf(1, 'VM')).toBe('1 VM');
    expect(countOf(2480, 'VM')).toBe('2,480 VMs');
    expect(countOf(3, 'storage', 'storage')).toBe('3 storage');
    expect(formatNumber(1234567.891)).toBe('1,234,567.89');
  });
});
