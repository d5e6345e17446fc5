import { test as base, type Locator, type Page } from '@playwright/test';
import { createReadStream, readFileSync, rmSync } from 'node:fs';
import readExcelFile from 'read-excel-file/node';
import { billingVm, e2eEstate, htmlNamedVm, prepareInventoryHome } from './fixtures/inventory-home';
import { expect, screenshot, startServedApp, stopServedApp, type ServedApp } from './serve-fixture';

/**
 * The unified inventory in a browser, through `skydeck serve`, on a home whose inventory was
 * written by the real SyncEngine: a vCenter last synced three hours ago (stale, and changed
 * between its two syncs), a fresh OpenStack cloud and a fresh Proxmox cluster. The last test
 * opens the demo lab for real, then stops its simulators.
 */
const estate = e2eEstate();
const lastSyncs = estate.connections.flatMap((connection) => connection.syncs.at(-1)?.objects ?? []);
const lastName = lastSyncs
  .filter((object) => object.kind === 'vm')
  .map((object) => object.name)
  .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? 1 : -1))[0];
const totalVms = estate.connections.reduce(
  (sum, connection) => sum + (connection.syncs.at(-1)?.objects.filter((o) => o.kind === 'vm').length ?? 0),
  0,
);

const test = base.extend<{ served: ServedApp; problems: string[] }, { servedEstate: ServedApp }>({
  servedEstate: [
    async ({}, use) => {
      const app = await startServedApp({}, { home: await prepareInventoryHome(estate.connections) });
      await use(app);
      await stopServedApp(app);
      rmSync(app.home, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  served: async ({ servedEstate }, use) => use(servedEstate),
  /** Console errors, page errors and dialogs (an alert would mean markup from a cluster ran). */
  problems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(String(error)));
      page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      await use(problems);
      expect(problems, 'no console errors, CSP violations or dialogs').toEqual([]);
    },
    { auto: true },
  ],
});

const grid = (page: Page): Locator => page.getByRole('grid', { name: 'Inventory table' });
const dataRows = (page: Page): Locator => grid(page).locator('[role="row"][data-id]');
const tree = (page: Page): Locator => page.getByRole('tree', { name: 'Inventory tree' });
const detail = (page: Page): Locator => page.getByTestId('detail-pane');

async function openTable(page: Page, served: ServedApp): Promise<void> {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Open table' }).click();
  await expect(dataRows(page).first()).toBeVisible();
}

/** The text of one column (by its header label) in the rendered rows, top to bottom. */
async function columnTexts(page: Page, label: string): Promise<string[]> {
  const headers = await grid(page).getByRole('columnheader').allInnerTexts();
  const index = headers.findIndex((text) => text.replace(/[▲▼]/g, '').trim() === label);
  expect(index, `a "${label}" column`).toBeGreaterThanOrEqual(0);
  return dataRows(page).evaluateAll((rows, column) => rows.map((row) => (row.children[column] as HTMLElement).innerText.trim()), index);
}

async function paletteSearch(page: Page, text: string): Promise<Locator> {
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await page.keyboard.type(text);
  return palette;
}

/** Runs a palette command once it is listed (the inventory's commands appear when it has loaded). */
async function paletteCommand(page: Page, text: string, title: string | RegExp): Promise<void> {
  const palette = await paletteSearch(page, text);
  await expect(palette.getByRole('option').first()).toContainText(title);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
}

test.describe('the unified inventory', () => {
  test('fills the tree lazily and the table virtually: only the rows in view are in the page', async ({ page, served }) => {
    await openTable(page, served);
    await expect(page.getByTestId('table-summary')).toContainText(`${totalVms.toLocaleString('en')} VMs`);
    expect(await dataRows(page).count()).toBeLessThan(80);

    const root = tree(page).getByRole('treeitem', { name: 'vCenter Prod' });
    await expect(root).toContainText('stale · synced 3 h ago');
    await page.getByRole('button', { name: 'Expand vCenter Prod' }).click();
    await page.getByRole('button', { name: 'Expand vc-prod-dc1' }).click();
    await expect(tree(page).getByRole('treeitem', { name: 'Storage' })).toBeVisible();
    await expect(tree(page).getByRole('treeitem', { name: 'Networks' })).toBeVisible();
    await page.getByRole('button', { name: 'Expand vc-prod-cl0' }).click();
    await page.getByRole('button', { name: 'Expand esx-00.vc-prod.lab' }).click();
    await expect(tree(page).getByRole('treeitem', { name: billingVm.name })).toBeVisible();
    await screenshot(page, 'inventory-tree-table-light');

    await grid(page).evaluate((element) => (element.scrollTop = element.scrollHeight));
    await expect(grid(page).locator(`[aria-rowindex="${totalVms + 1}"][data-id]`)).toBeVisible();
    expect(await dataRows(page).count()).toBeLessThan(80);
  });

  test('looks right in the dark theme too', async ({ browser, served }) => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await openTable(page, served);
    await page.getByRole('button', { name: 'Expand vCenter Prod' }).click();
    await dataRows(page).nth(2).click();
    await expect(detail(page).getByTestId('detail-name')).toBeVisible();
    await screenshot(page, 'inventory-detail-dark');
    await context.close();
  });

  test('sorts on the host by the column clicked, one way then the other', async ({ page, served }) => {
    await openTable(page, served);
    const cpus = grid(page).getByRole('button', { name: 'CPUs', exact: true });
    await cpus.click();
    await expect(grid(page).getByRole('columnheader', { name: /CPUs/ })).toHaveAttribute('aria-sort', 'ascending');
    await expect.poll(async () => (await columnTexts(page, 'CPUs')).slice(0, 5)).toEqual(['1', '1', '1', '1', '1']);
    await cpus.click();
    await expect(grid(page).getByRole('columnheader', { name: /CPUs/ })).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(async () => (await columnTexts(page, 'CPUs')).slice(0, 5)).toEqual(['16', '16', '16', '16', '16']);
    await grid(page).getByRole('button', { name: 'Name', exact: true }).click();
    await grid(page).getByRole('button', { name: 'Name', exact: true }).click();
    await expect.poll(async () => (await columnTexts(page, 'Name'))[0]).toBe(lastName);
  });

  test('selects rows with click, shift-click and ctrl-click, and says how many', async ({ page, served }) => {
    await openTable(page, served);
    const rows = dataRows(page);
    await rows.nth(1).click();
    await expect(page.getByTestId('selection-count')).toHaveText('1 selected');
    await rows.nth(5).click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('selection-count')).toHaveText('5 selected');
    await rows.nth(8).click({ modifiers: ['Control'] });
    await expect(page.getByTestId('selection-count')).toHaveText('6 selected');
    await rows.nth(3).click({ modifiers: ['Control'] });
    await expect(page.getByTestId('selection-count')).toHaveText('5 selected');
    await expect(grid(page).locator('[role="row"][aria-selected="true"]')).toHaveCount(5);
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(page.getByTestId('selection-count')).toHaveCount(0);
  });

  test('chooses, resizes and saves columns; the filter speaks the query language and says what it ignored', async ({ page, served }) => {
    await openTable(page, served);
    await page.getByRole('button', { name: 'Columns' }).click();
    const chooser = page.getByRole('dialog', { name: 'Columns' });
    await chooser.getByLabel('UUID').check();
    await chooser.getByLabel('Guest OS').uncheck();
    await page.keyboard.press('Escape');
    await expect(chooser).toBeHidden();
    await expect(grid(page).getByRole('button', { name: 'UUID', exact: true })).toBeVisible();
    await expect(grid(page).getByRole('button', { name: 'Guest OS', exact: true })).toHaveCount(0);

    const nameHeader = grid(page).getByRole('columnheader', { name: /^Name/ });
    const before = (await nameHeader.boundingBox())?.width ?? 0;
    const handle = (await grid(page).getByRole('separator', { name: 'Resize Name' }).boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + 120, handle.y + handle.height / 2, { steps: 5 });
    await page.mouse.up();
    expect((await nameHeader.boundingBox())?.width ?? 0).toBeGreaterThan(before + 100);

    const filter = page.getByRole('searchbox', { name: 'Filter' });
    await filter.fill('connection:vc-prod cpu>=16 colour:red');
    await filter.press('Enter');
    await expect(page.getByTestId('filter-warnings')).toContainText('Unknown field "colour"');
    await filter.fill('connection:vc-prod cpu>=16');
    await filter.press('Enter');
    await expect(page.getByTestId('filter-warnings')).toHaveCount(0);
    await expect.poll(async () => new Set(await columnTexts(page, 'CPUs'))).toEqual(new Set(['16']));

    await page.getByRole('button', { name: 'Views' }).click();
    const views = page.getByRole('dialog', { name: 'Saved views' });
    await views.getByLabel('Name of this view').fill('Big vCenter VMs');
    await views.getByRole('button', { name: 'Save' }).click();
    await page.reload();
    await page.getByRole('button', { name: 'Open table' }).click();
    await filter.fill('');
    await filter.press('Enter');
    await page.getByRole('button', { name: 'Views' }).click();
    await views.getByRole('button', { name: /^Big vCenter VMs/ }).click();
    await expect(filter).toHaveValue('connection:vc-prod cpu>=16');
    await expect(grid(page).getByRole('button', { name: 'UUID', exact: true })).toBeVisible();
    await expect.poll(async () => new Set(await columnTexts(page, 'CPUs'))).toEqual(new Set(['16']));
  });

  test('the palette finds a VM by its IP address in any connection and jumps to it, in the tree too', async ({ page, served }) => {
    await openTable(page, served);
    await page.getByRole('button', { name: 'Expand vCenter Prod' }).click();
    await page.getByRole('button', { name: 'Expand vc-prod-dc1' }).click();
    await page.getByRole('button', { name: 'Expand vc-prod-cl0' }).click();
    await page.getByRole('button', { name: 'Expand esx-00.vc-prod.lab' }).click();
    const palette = await paletteSearch(page, billingVm.ip);
    const hit = palette.getByRole('option', { name: new RegExp(billingVm.name) });
    await expect(hit).toContainText(billingVm.ip);
    await screenshot(page, 'inventory-palette-search');
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    await expect(detail(page).getByTestId('detail-name')).toHaveText(billingVm.name);
    await expect(tree(page).getByRole('treeitem', { name: billingVm.name })).toHaveAttribute('aria-selected', 'true');
  });

  test('the detail pane follows relations both ways: VM → host → another VM, and back', async ({ page, served }) => {
    await openTable(page, served);
    const palette = await paletteSearch(page, billingVm.name);
    await expect(palette.getByRole('option', { name: new RegExp(billingVm.name) })).toBeVisible();
    await page.keyboard.press('Enter');
    const pane = detail(page);
    await expect(pane.getByTestId('detail-name')).toHaveText(billingVm.name);
    await expect(pane).toContainText('16 GiB');
    await expect(pane).toContainText('Debian GNU/Linux 12');
    await expect(pane).toContainText('00:50:56:AA:77:42');
    await expect(pane).toContainText('stale · synced 3 h ago');
    await pane.getByTestId('native-properties').getByText('config').click();
    await expect(pane.getByTestId('native-properties')).toContainText('annotation');
    await screenshot(page, 'inventory-detail');

    await pane.getByTestId('relations').getByRole('button', { name: 'esx-00.vc-prod.lab' }).click();
    await expect(pane.getByTestId('detail-name')).toHaveText('esx-00.vc-prod.lab');
    const guests = pane.getByTestId('relation-incoming:runs-on').getByRole('button').filter({ hasNotText: billingVm.name });
    const other = (await guests.first().innerText()).trim();
    await guests.first().click();
    await expect(pane.getByTestId('detail-name')).toHaveText(other);
    await expect(pane.getByTestId('relations')).toContainText('esx-00.vc-prod.lab');
    await pane.getByRole('button', { name: 'Back' }).click();
    await expect(pane.getByTestId('detail-name')).toHaveText('esx-00.vc-prod.lab');
  });

  test('a VM named with HTML shows as text, in the table, the detail pane and the palette', async ({ page, served }) => {
    await openTable(page, served);
    const filter = page.getByRole('searchbox', { name: 'Filter' });
    await filter.fill('onerror');
    await filter.press('Enter');
    await expect(dataRows(page)).toHaveCount(1);
    await expect(dataRows(page).first()).toContainText(htmlNamedVm);
    await dataRows(page).first().click();
    await expect(detail(page).getByTestId('detail-name')).toHaveText(htmlNamedVm);
    await expect(detail(page)).toContainText('Billing database <b>primary</b>');
    const palette = await paletteSearch(page, 'onerror');
    await expect(palette.getByRole('option', { name: htmlNamedVm })).toBeVisible();
    await expect(page.locator('img')).toHaveCount(0);
    await expect(page.locator('main b, main script')).toHaveCount(0);
  });

  test('the Changes tab shows what changed between two syncs: powered off, moved, resized, renamed, added, removed', async ({
    page,
    served,
  }) => {
    await page.goto(served.url);
    await paletteCommand(page, 'show changes vcenter', 'Show changes: vCenter Prod');
    const table = page.getByTestId('diff-table');
    await expect(page.getByTestId('total-added')).toHaveText('1');
    await expect(page.getByTestId('total-removed')).toHaveText('1');
    await expect(page.getByTestId('total-changed')).toHaveText('4');
    const row = (name: string): Locator => table.getByRole('row').filter({ hasText: name });
    await expect(row(estate.changes.poweredOff)).toContainText('powered off');
    await expect(row(estate.changes.moved)).toContainText(/moved: esx-\d+\.vc-prod\.lab → esx-\d+\.vc-prod\.lab/);
    await expect(row(estate.changes.resized)).toContainText(/CPUs: \d+ → \d+/);
    await expect(row(estate.changes.renamed)).toContainText(
      `renamed: ${estate.changes.renamed.replace(/-renamed$/, '')} → ${estate.changes.renamed}`,
    );
    await expect(row(estate.changes.added)).toContainText('added');
    await expect(row(estate.changes.removed)).toContainText('removed');
    await screenshot(page, 'inventory-changes');

    await page.getByRole('radio', { name: 'Since yesterday' }).click();
    await expect(page.getByTestId('total-changed')).toHaveText('4');
    await page.getByRole('tab', { name: /Removed/ }).click();
    await expect(table.getByRole('row').filter({ hasText: /removed/i })).toHaveCount(1);
  });

  test('exports the whole inventory as XLSX (read back by a second library) and the view as CSV with its columns', async ({
    page,
    served,
  }) => {
    await openTable(page, served);
    await page.getByRole('button', { name: 'Export' }).click();
    const xlsxDownload = page.waitForEvent('download');
    await page
      .getByRole('dialog', { name: 'Export' })
      .getByRole('button', { name: /XLSX every connection/ })
      .click();
    const xlsx = await xlsxDownload;
    expect(xlsx.suggestedFilename()).toMatch(/^skydeck-inventory-.*\.xlsx$/);
    const sheets = await readExcelFile(createReadStream(await xlsx.path()));
    const vmSheet = sheets.find((sheet) => sheet.sheet === 'VMs')?.data ?? [];
    expect(vmSheet.length).toBe(totalVms + 1);
    expect(vmSheet.map((cells) => cells[0])).toContain(billingVm.name);
    expect(sheets.map((sheet) => sheet.sheet)).toContain('Hosts');

    const filter = page.getByRole('searchbox', { name: 'Filter' });
    await filter.fill(billingVm.ip);
    await filter.press('Enter');
    await expect(dataRows(page)).toHaveCount(1);
    await page.getByRole('button', { name: 'Export' }).click();
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: /CSV/ }).click();
    const csv = readFileSync(await (await csvDownload).path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(csv[0]?.split(',')).toEqual([
      'Name',
      'State',
      'Connection',
      'Host',
      'CPUs',
      'Memory (GiB)',
      'Disk (GiB)',
      'Guest OS',
      'IP addresses',
      'Tags',
    ]);
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain(billingVm.name);
  });

  test('offline: stale data still shows and searches, marked with its age in the tree, the table and the status bar', async ({
    page,
    served,
  }) => {
    await openTable(page, served);
    await expect(tree(page).getByRole('treeitem', { name: 'vCenter Prod' })).toContainText('stale · synced 3 h ago');
    const fresh = tree(page).getByRole('treeitem', { name: 'Proxmox Lab' });
    await expect(fresh).toContainText(/synced \d+ min ago/);
    await expect(fresh).not.toContainText('stale');
    await expect(page.getByTestId('status-connections')).toContainText('vCenter Prod: stale · synced 3 h ago');
    await expect(page.getByTestId('table-summary')).toContainText('vCenter Prod: stale · synced 3 h ago');
    await expect(
      dataRows(page).filter({ hasText: 'vCenter Prod' }).first().getByRole('img', { name: 'stale · synced 3 h ago' }),
    ).toBeVisible();
    const palette = await paletteSearch(page, 'name:billing*');
    await expect(palette.getByRole('option', { name: new RegExp(billingVm.name) })).toContainText('vCenter Prod');
  });
});

test.describe('the demo lab, for real', () => {
  let served: ServedApp;
  test.beforeAll(async () => {
    served = await startServedApp();
  });
  test.afterAll(async () => {
    await stopServedApp(served);
  });

  test('opens the simulated clusters, syncs them into the tree and the table, then keeps them searchable and stale once they stop', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto(served.url);
    await page.getByTestId('open-demo-lab').click();
    const status = page.getByTestId('status-connections');
    for (const name of ['Demo vCenter', 'Demo Proxmox VE', 'Demo OpenStack'])
      await expect(status).toContainText(new RegExp(`${name}: live · synced`), { timeout: 60_000 });
    await page.getByRole('button', { name: 'Open table' }).click();
    await expect(page.getByTestId('table-summary')).toContainText(/\d+ VMs/);
    const vms = Number((await page.getByTestId('table-summary').innerText()).match(/([\d,]+) VMs/)?.[1]?.replace(/,/g, ''));
    expect(vms).toBeGreaterThan(30);
    await page.getByRole('button', { name: 'Expand Demo Proxmox VE' }).click();
    await expect(tree(page).getByRole('group').first().getByRole('treeitem').first()).toBeVisible();
    await screenshot(page, 'inventory-demo-lab');

    await paletteCommand(page, 'stop the demo lab', 'Stop the demo lab');
    await paletteCommand(page, 'sync now demo vcenter', 'Sync now: Demo vCenter');
    await expect(tree(page).getByRole('treeitem', { name: 'Demo vCenter' })).toContainText(/stale · synced/, { timeout: 30_000 });
    await expect(status).toContainText(/Demo vCenter: stale · synced/);
    const palette = await paletteSearch(page, 'onerror');
    await expect(palette.getByRole('option', { name: /<img src=x onerror=alert\(1\)>/ }).first()).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('table-summary')).toContainText(`${vms.toLocaleString('en')} VMs`);
    await expect(page.locator('img')).toHaveCount(0);
  });
});
