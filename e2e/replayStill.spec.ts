/** Starting and stopping a replay of the live view moves no pane, and shows no fault control while it replays. */

import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';
import { connectAgent, scriptedTest as test } from './liveHarness.ts';

const PANES = ['.insights', '.turns-pane', '.filter-bar', '.tl-head', '.side', '.side > .detail'];
const layout = (page: Page) =>
  Promise.all(
    PANES.map(async (sel) => {
      const b = (await page.locator(sel).first().boundingBox())!;
      return `${sel} ${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)}`;
    }),
  );

test('a replay starts and stops without moving a pane, and offers no fault injection meanwhile', async ({ dashboard: page, inspector }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const agent = await connectAgent(inspector.relayUrl!);
  await agent.turn('hello');
  await agent.turn('again');
  await page.locator('[data-testid=timeline-row][data-type="response.completed"]').first().click();
  await expect(page.getByTestId('fault-controls')).toHaveCount(1);
  const before = await layout(page);
  await page.getByTestId('replay-start').click();
  await expect(page.getByTestId('replay-bar')).toBeVisible();
  expect(await layout(page)).toEqual(before);
  await expect(page.getByTestId('fault-controls')).toHaveCount(0);
  await expect(page.getByTestId('fault-controls-all')).toHaveCount(0);
  // Played to its end: still in place, still no fault controls.
  await page.getByTestId('replay-speed-max').click();
  await page.getByTestId('replay-play').click();
  await expect(page.locator('[data-testid=timeline-row][data-type="response.completed"]')).toHaveCount(2);
  await expect(page.getByTestId('fault-controls')).toHaveCount(0);
  await page.getByTestId('replay-stop').click();
  await expect(page.getByTestId('replay-bar')).toHaveCount(0);
  await expect(page.getByTestId('fault-controls')).toHaveCount(1);
  agent.close();
});
