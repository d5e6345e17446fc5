import { expect, screenshot, test } from './serve-fixture';

test.describe('the demo lab', () => {
  test.setTimeout(120_000);

  test('opens simulated vSphere, OpenStack and Proxmox VE clusters from the empty state, synced and live', async ({ page, served }) => {
    await page.goto(served.url);
    await page.getByTestId('open-demo-lab').click();
    const list = page.getByTestId('connection-list');
    for (const name of ['Demo vCenter', 'Demo OpenStack', 'Demo Proxmox VE']) await expect(list).toContainText(name, { timeout: 30_000 });
    const status = page.getByTestId('status-connections');
    for (const name of ['Demo vCenter', 'Demo OpenStack', 'Demo Proxmox VE']) {
      await expect(status).toContainText(`${name}: live`, { timeout: 60_000 });
    }
    await page.getByRole('tab', { name: 'Overview' }).click();
    await expect(page.getByText(/Live: synced \d+ objects/).first()).toBeVisible();
    await screenshot(page, 'demo-lab-live');
  });
});
