import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../..');

describe('packaging configuration', () => {
  const config = parse(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

  it('sets the Electron fuses: no RunAsNode, no NODE_OPTIONS, no inspect flags, cookie encryption and asar integrity on', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
  });

  it('builds for Linux (AppImage, deb, rpm), Windows (NSIS) and macOS (DMG)', () => {
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb', 'rpm']);
    expect((config.win as { target: string[] }).target).toEqual(['nsis']);
    expect((config.mac as { target: string[] }).target).toEqual(['dmg']);
  });

  it('the Electron window is created with contextIsolation and sandbox on and Node off, in the app and the preload contract', () => {
    const source = readFileSync(resolve(root, 'main/electron/index.ts'), 'utf8');
    for (const setting of [
      'contextIsolation: true',
      'sandbox: true',
      'nodeIntegration: false',
      'webviewTag: false',
      'app.enableSandbox()',
      'requestSingleInstanceLock()',
    ]) {
      expect(source, setting).toContain(setting);
    }
  });
});
