import { listenSimulator, type SimulatorServer } from '../../backends/core/simulator/server';
import { expect, screenshot, test } from './serve-fixture';

test.describe('the Skydeck shell in a browser, through skydeck serve', () => {
  let tlsServer: SimulatorServer;
  test.beforeAll(async () => {
    tlsServer = await listenSimulator((_q, r) => void r.end('ok'), { name: 'pve-e2e.lab', tls: true });
  });
  test.afterAll(() => tlsServer.close());

  test('renders the shell: sidebar, search, tabs, status bar and the empty state', async ({ page, served }) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(served.url);
    await expect(page).toHaveURL(`${served.origin}/`);
    await expect(page.getByRole('navigation', { name: 'Connections and inventory' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Search and commands' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Overview' })).toBeVisible();
    await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Served to browser');
    const empty = page.getByTestId('empty-state');
    await expect(empty).toContainText('Add connection');
    for (const platform of ['VMware vSphere', 'OpenStack', 'Proxmox VE'])
      await expect(empty.getByRole('button', { name: new RegExp(platform) })).toBeVisible();
    await expect(page.getByTestId('open-demo-lab')).toBeVisible();
    await screenshot(page, 'shell-empty-light');
    expect(problems, 'no console errors and no CSP violations').toEqual([]);
  });

  test('follows the OS dark theme', async ({ browser, served }) => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(served.url);
    await expect(page.getByTestId('empty-state')).toBeVisible();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(17, 20, 24)');
    await screenshot(page, 'shell-empty-dark');
    await context.close();
  });

  test('has no Node globals and no Electron bridge in the page', async ({ page, served }) => {
    await page.goto(served.url);
    await expect(page.getByTestId('empty-state')).toBeVisible();
    const globals = await page.evaluate(() => ({
      require: typeof (window as unknown as Record<string, unknown>).require,
      process: typeof (window as unknown as Record<string, unknown>).process,
      module: typeof (window as unknown as Record<string, unknown>).module,
      bridge: typeof window.skydeck,
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', bridge: 'undefined' });
  });

  test('refuses the page, files and the WebSocket without the token', async ({ browser, served }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${served.origin}/`);
    expect(response?.status()).toBe(403);
    await expect(page.locator('body')).toContainText('needs the token');
    const socketRefused = await page.evaluate(
      (origin) =>
        new Promise<boolean>((resolve) => {
          const ws = new WebSocket(`${origin.replace('http', 'ws')}/api`);
          ws.onopen = () => resolve(false);
          ws.onerror = () => resolve(true);
        }),
      served.origin,
    );
    expect(socketRefused).toBe(true);
    await context.close();
  });

  test('opens the command palette with Ctrl+K and runs a command from the keyboard', async ({ page, served }) => {
    await page.goto(served.url);
    await expect(page.getByTestId('empty-state')).toBeVisible();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect(palette).toBeVisible();
    await page.keyboard.type('proxmox');
    await expect(palette.getByRole('option')).toHaveCount(1);
    await screenshot(page, 'palette');
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    await expect(page.getByRole('tab', { name: 'New Proxmox VE connection' })).toBeVisible();
    await page.keyboard.press('Control+k');
    await expect(palette).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();
  });

  test('the connection form marks bad input inline, field by field', async ({ page, served }) => {
    await page.goto(served.url);
    await page
      .getByTestId('empty-state')
      .getByRole('button', { name: /Proxmox VE/ })
      .click();
    const form = page.getByRole('form', { name: 'New Proxmox VE connection' });
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect(form.getByText('A name is required.')).toBeVisible();
    await expect(form.getByText(/Enter a full URL/)).toBeVisible();
    await expect(form.getByText('User is required.')).toBeVisible();
    await expect(form.getByText('Password is required.')).toBeVisible();
    await form.getByLabel('URL', { exact: true }).fill('ftp://pve1');
    await expect(form.getByText('Use an https:// (or http://) URL.')).toBeVisible();
    await form.getByLabel('Authentication').selectOption('token');
    await expect(form.getByLabel('API token ID')).toBeVisible();
    await expect(form.getByLabel('Password', { exact: true })).toHaveCount(0);
    await form.getByLabel(/Pinned SHA-256/).fill('not-a-fingerprint');
    await form.getByLabel(/Pinned SHA-256/).blur();
    await expect(form.getByText(/32 hex byte pairs/)).toBeVisible();
    await screenshot(page, 'connection-form-errors');
  });

  test('adds a connection: tests it, shows the certificate, trusts it, saves it behind a master passphrase; it survives a reload', async ({
    page,
    served,
  }) => {
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /Proxmox VE/ })
      .click();
    const form = page.getByRole('form', { name: 'New Proxmox VE connection' });
    await form.getByLabel('Name', { exact: true }).fill('Lab <img src=x onerror=alert(1)>');
    await form.getByLabel('URL', { exact: true }).fill(tlsServer.url);
    await form.getByLabel('User', { exact: true }).fill('root@pam');
    await form.getByLabel('Password', { exact: true }).fill('Sup3r-Secret!');
    await form.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('test-result');
    await expect(result).toContainText('is reachable');
    await expect(result.getByTestId('fingerprint')).toHaveText(tlsServer.fingerprint256 as string);
    await screenshot(page, 'connection-test-certificate');
    await result.getByRole('button', { name: 'Trust this certificate' }).click();
    await expect(form.getByLabel(/Pinned SHA-256/)).toHaveValue(tlsServer.fingerprint256 as string);
    await form.getByRole('button', { name: 'Save connection' }).click();

    const dialog = page.getByRole('dialog', { name: 'Choose a master passphrase' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Master passphrase').fill('correct horse battery');
    await dialog.getByLabel('Repeat it').fill('correct horse battery');
    await dialog.getByRole('button', { name: 'Set passphrase' }).click();

    const list = page.getByTestId('connection-list');
    await expect(list).toContainText('Lab <img src=x onerror=alert(1)>');
    await expect(list.locator('img')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Lab <img src=x onerror=alert(1)>' })).toBeVisible();
    await expect(page.getByText(/pinned/)).toBeVisible();
    await screenshot(page, 'connection-detail');

    await page.reload();
    await expect(page.getByTestId('connection-list')).toContainText('Lab <img src=x onerror=alert(1)>');
    await expect(page.getByTestId('status-connections')).toContainText('Lab <img');
    const html = await page.content();
    expect(html).not.toContain('Sup3r-Secret!');
  });
});
