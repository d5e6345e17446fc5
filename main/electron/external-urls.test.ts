import { describe, expect, it } from 'vitest';
import { isVettedExternalUrl } from './external-urls';

describe('isVettedExternalUrl', () => {
  it.each([
    ['https://pve.example.com:8006/', true],
    ['vmrc://clone:ticket@vc.example.com/?moid=vm-42', true],
    ['http://example.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['https://user:pass@example.com/', false],
    ['smb://share/x', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isVettedExternalUrl(url)).toBe(expected);
  });
});
