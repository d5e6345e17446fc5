import { test as base, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const screenshotDir = join(repoRoot, 'tests/e2e/screenshots');

export interface ServedApp {
  /** The URL with its one-time token, as `skydeck serve` printed it. */
  url: string;
  origin: string;
  home: string;
  child: ChildProcess;
}

/**
 * Starts the built `skydeck serve` on 127.0.0.1 and reads the URL it prints. The home is a
 * fresh folder unless `options.home` names one prepared beforehand (e.g. a filled inventory).
 */
export async function startServedApp(env: Record<string, string> = {}, options: { home?: string } = {}): Promise<ServedApp> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'skydeck-e2e-'));
  const child = spawn(process.execPath, [join(repoRoot, 'bin/skydeck.js'), 'serve', '--port', '0'], {
    env: { PATH: process.env.PATH ?? '', HOME: home, SKYDECK_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`skydeck serve printed no URL in 20 s:\n${output}`)), 20_000);
    const onData = (data: Buffer): void => {
      output += data.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`skydeck serve exited with ${code}:\n${output}`)));
  });
  return { url, origin: new URL(url).origin, home, child };
}

export async function stopServedApp(app: ServedApp): Promise<void> {
  if (app.child.exitCode !== null) return;
  const exited = new Promise((done) => app.child.once('exit', done));
  app.child.kill('SIGTERM');
  await exited;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** One served app per test file; every test gets a page already past the token exchange. */
export const test = base.extend<{ served: ServedApp }, { servedWorker: ServedApp }>({
  servedWorker: [
    async ({}, use) => {
      const app = await startServedApp();
      await use(app);
      await stopServedApp(app);
    },
    { scope: 'worker' },
  ],
  served: async ({ servedWorker }, use) => use(servedWorker),
});

export { expect } from '@playwright/test';
