import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');

/** The Electron binary, when this machine has one (npm downloads it unless ELECTRON_SKIP_BINARY_DOWNLOAD is set). */
function electronBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
if (!binary)
  console.log(
    'skipped: no Electron binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); the same path runs in tests/e2e through skydeck serve.',
  );

test.describe('the Electron app', () => {
  test.skip(!binary, 'no Electron binary on this machine');

  test('opens a hardened window with the shell, the palette and the connection form', async () => {
    const app = await electron.launch({
      executablePath: binary as string,
      args: [join(repoRoot, 'out/main/electron.js')],
      env: { ...process.env, SKYDECK_HOME: mkdtempSync(join(tmpdir(), 'skydeck-electron-')) },
    });
    const page = await app.firstWindow();
    await expect(page.getByTestId('empty-state')).toBeVisible();
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      const preferences = (contents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
      return { contextIsolation: preferences.contextIsolation, sandbox: preferences.sandbox, nodeIntegration: preferences.nodeIntegration };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(await page.evaluate(() => typeof (window as unknown as Record<string, unknown>).require)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys(window.skydeck ?? {}).sort())).toEqual(['invoke', 'subscribe']);
    await page.keyboard.press('Control+k');
    await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
    await page.keyboard.press('Escape');
    await page
      .getByTestId('empty-state')
      .getByRole('button', { name: /Proxmox VE/ })
      .click();
    await expect(page.getByRole('form', { name: 'New Proxmox VE connection' })).toBeVisible();
    await app.close();
  });
});
