/**
 * demo --compare in a real Chromium: the demo agent's task over HTTP and over WebSocket
 * against the mock with an 80 ms connection setup cost, then the comparison view.
 */

import { expect, test } from './fixtures.ts';

const SETUP_MS = 80;
test.use({ cli: ['demo', '--compare', '--tool-calls', '3', '--setup-ms', String(SETUP_MS)] });

test('demo --compare shows HTTP paying the connection setup on every turn and WebSocket once', async ({ page, inspector }) => {
  const url = /^compare: (http:\/\/\S+)/m.exec(inspector.output())?.[1];
  expect(url).toBeDefined();
  await page.goto(url!);
  await expect(page.getByTestId('compare-view')).toBeVisible();
  const rows = page.getByTestId('compare-row');
  await expect(rows).toHaveCount(4);
  await expect(page.getByTestId('compare-verdict')).toContainText('4× in A');
  await expect(page.getByTestId('compare-verdict')).toContainText('1× in B');
  for (let i = 0; i < 4; i++) {
    const setup = rows.nth(i).getByTestId('compare-setup');
    expect(Number(await setup.getAttribute('data-a'))).toBeGreaterThanOrEqual(SETUP_MS);
    const b = Number(await setup.getAttribute('data-b'));
    if (i === 0) expect(b).toBeGreaterThanOrEqual(SETUP_MS);
    else expect(b).toBe(0);
  }
  // The setup HTTP pays inside each later turn shows in its time to first token. A lower bound, not
  // a difference with B: a loaded machine only slows either side, so it cannot break this.
  for (let i = 1; i < 4; i++) {
    expect(Number(await rows.nth(i).getByTestId('compare-ttft').getAttribute('data-a'))).toBeGreaterThanOrEqual(SETUP_MS);
  }
  await expect(page.getByTestId('compare-total')).toBeVisible();

  // Each side opens in the ordinary dashboard: A is the HTTP run, one connection per exchange.
  const [dashboard] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('compare-open-link').first().click()]);
  await expect(dashboard.locator('[data-testid=connection-card]')).toHaveCount(4);
  await expect(dashboard.getByTestId('connection-transport')).toHaveText(['HTTP', 'HTTP', 'HTTP', 'HTTP']);
  await expect(dashboard.getByTestId('turn-count')).toHaveText('4 turns');
});
