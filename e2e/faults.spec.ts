/**
 * Fault injection from the live dashboard: a fault into one connection from its card, and into
 * every open connection from the panel; the marks and the recovery verdict it leaves behind.
 */

import { expect } from './fixtures.ts';
import { connectAgent, scriptedTest as test } from './liveHarness.ts';

test('a fault injected from a connection card reaches the agent, and is marked with its verdict', async ({ dashboard: page, inspector }) => {
  const first = await connectAgent(inspector.relayUrl!);
  await first.turn('hello');
  const card = page.locator('[data-testid=connection-card][data-conn=c1]');
  await expect(card).toContainText('1 turn ·');
  await card.getByRole('combobox').selectOption('close 1011');
  await card.getByRole('button', { name: 'Inject' }).click();
  expect(await first.closed).toBe(1011);
  await expect(card.getByTestId('connection-close')).toContainText('1011');
  const marks = card.getByTestId('fault-marks');
  await expect(marks).toContainText('fault: close 1011');
  // Live, right after the fault: the agent is given time to recover before "not recovered".
  await expect(marks).toContainText('awaiting recovery');
  await expect(marks.locator('li')).toHaveAttribute('data-state', 'pending');
  await expect(page.getByTestId('summary-faults')).toHaveText('1 injected · 1 awaiting recovery');

  // The agent reconnects and finishes a turn: the verdict turns to recovered.
  const second = await connectAgent(inspector.relayUrl!);
  await second.turn('again');
  await expect(marks.locator('li')).toHaveAttribute('data-recovered', 'true');
  await expect(marks).toContainText('recovered: reconnected as c2');
  await expect(page.getByTestId('summary-faults')).toHaveText('1 injected · all recovered');
  await expect(page.getByTestId('row-badge').filter({ hasText: /^fault$/ })).toBeVisible();
  await expect(page.locator('[data-testid=wf-marker][data-kind=fault]')).toHaveCount(1);

  // Every open connection at once: the limit answers c2's next request.
  const all = page.getByTestId('fault-controls-all');
  await all.getByRole('combobox').selectOption('limit');
  await all.getByRole('button', { name: 'Inject into all' }).click();
  await expect(all.getByRole('status')).toHaveText('limit: armed on c2 (at its next response.create)');
  void second.turn('one more');
  expect(await second.closed).toBe(1000);
  await expect(page.getByTestId('row-badge').filter({ hasText: 'limit (injected)' })).toBeVisible();
  await expect(page.locator('[data-testid=connection-card][data-conn=c2] [data-testid=fault-marks]')).toContainText('fault: limit');
  await expect(page.getByTestId('summary-faults')).toHaveText('2 injected · 1 awaiting recovery');
  await page.screenshot({ path: test.info().outputPath('faults.png') });
});
