/**
 * The dashboard holds still and does what the user asked, live: a row chosen with the mouse stays
 * in view, Esc closes the innermost thing only, a replay of the live view returns to live, and
 * nothing moves as numbers grow, a regex goes bad or an alert comes and goes.
 */

import { expect } from './fixtures.ts';
import { connectAgent, scriptedTest as test } from './liveHarness.ts';

test('a row clicked in a live session stays in view, as one chosen with the keyboard does', async ({ dashboard: page, inspector }) => {
  const agent = await connectAgent(inspector.relayUrl!);
  await agent.turn('first');
  const completed = page.locator('[data-testid=timeline-row][data-type="response.completed"]');
  await expect(completed).toHaveCount(1);
  await expect(page.getByTestId('follow-state')).toHaveText('following tail');
  await completed.click();
  await expect(page.getByTestId('follow-state')).not.toHaveText('following tail');
  // Enough turns to push the first one far below the fold if the view kept following.
  for (let i = 0; i < 12; i++) await agent.turn(`turn ${i}`);
  const selected = page.locator('[data-testid=timeline-row][aria-selected=true]');
  await expect(page.getByTestId('turn-count')).toHaveText('13 turns');
  await expect(selected).toBeInViewport();
  await expect(selected).toHaveAttribute('data-type', 'response.completed');
  agent.close();
});

test('Esc with the Captures menu open closes the menu only, not the detail', async ({ dashboard: page, inspector }) => {
  const agent = await connectAgent(inspector.relayUrl!);
  await agent.turn('hello');
  await page.locator('[data-testid=timeline-row][data-type="response.completed"]').click();
  await expect(page.getByTestId('detail')).toBeVisible();
  const menu = page.getByRole('button', { name: /Captures/ });
  await menu.click();
  await expect(page.getByTestId('captures-panel')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('captures-panel')).toHaveCount(0);
  await expect(page.getByTestId('detail')).toBeVisible();
  // The current capture's "● live" stays in view however its name is cut.
  await menu.click();
  const live = page.locator('[data-testid=captures-panel] .badge-live');
  await expect(live).toBeVisible();
  const cell = (await page.locator('[data-testid=captures-panel] td.name:has(.badge-live)').boundingBox())!;
  const badge = (await live.boundingBox())!;
  expect(badge.x + badge.width).toBeLessThanOrEqual(cell.x + cell.width + 0.5);
  agent.close();
});

test('Replay then Stop on a live session comes back to live, its open connection open', async ({ dashboard: page, inspector }) => {
  const agent = await connectAgent(inspector.relayUrl!);
  await agent.turn('hello');
  await expect(page.locator('[data-testid=connection-card]')).toHaveAttribute('data-status', 'open');
  await expect(page.getByTestId('fault-controls')).toHaveCount(1);
  const insightsHeight = async () => (await page.locator('.insights').boundingBox())!.height;
  const before = await insightsHeight();
  await page.getByTestId('replay-start').click();
  await expect(page.getByTestId('replay-bar')).toBeVisible();
  // The replay starts before its first record: it says so, and the panes keep their size.
  await expect(page.getByTestId('empty-state')).toHaveAttribute('data-kind', 'replay');
  expect(await insightsHeight()).toBe(before);
  // A replay shows recorded connections: there is nothing live to inject a fault into.
  await expect(page.getByTestId('fault-controls')).toHaveCount(0);
  await expect(page.getByTestId('fault-controls-all')).toHaveCount(0);
  await page.getByTestId('replay-stop').click();
  await expect(page.getByTestId('replay-bar')).toHaveCount(0);
  await expect(page.getByTestId('fault-controls')).toHaveCount(1);
  await expect(page.getByTestId('source-badge')).toHaveCount(0);
  await expect(page.getByTestId('feed-status')).toContainText('live');
  await expect(page.locator('[data-testid=connection-card]')).toHaveAttribute('data-status', 'open');
  await expect(page.getByTestId('summary')).not.toContainText('unfinished at capture end');
  // Still live: the next turn shows up.
  await agent.turn('again');
  await expect(page.locator('[data-testid=timeline-row][data-type="response.completed"]')).toHaveCount(2);
  // One replay control while replaying: the bar (no second Replay, no "Back to live" beside it).
  await page.getByTestId('replay-start').click();
  await expect(page.getByTestId('replay-bar')).toBeVisible();
  await expect(page.getByTestId('replay-start')).toHaveCount(0);
  await expect(page.getByTestId('back-to-live')).toHaveCount(0);
  agent.close();
});

test('nothing moves as live numbers grow or a regex goes bad', async ({ dashboard: page, inspector }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const agent = await connectAgent(inspector.relayUrl!);
  await agent.turn('hello');
  await expect(page.locator('[data-testid=timeline-row][data-type="response.completed"]')).toHaveCount(1);
  const top = async () => (await page.locator('.tl-head').boundingBox())!.y;
  const before = await top();
  for (let i = 0; i < 4; i++) await agent.turn(`turn ${i}`);
  await expect(page.getByTestId('turn-count')).toHaveText('5 turns');
  expect(await top()).toBe(before);
  await page.getByTestId('search-regex').check();
  await page.getByTestId('search-input').fill('(unclosed group and a long pattern [');
  await expect(page.getByTestId('match-count')).toContainText('bad regex');
  expect(await top()).toBe(before);
  agent.close();
});

test('the lists never draw over the side column, at 1024 px or with the side column dragged wider', async ({ dashboard: page, inspector }) => {
  const agent = await connectAgent(inspector.relayUrl!);
  await agent.turn('hello');
  await expect(page.locator('[data-testid=timeline-row][data-type="response.completed"]')).toHaveCount(1);
  // Whatever is painted at a point of the Connections title or the detail must belong to the side
  // column: a list wider than its pane would be painted on top of them. Page code as text: e2e is
  // type-checked without the DOM.
  const sideOwnsItsArea = () =>
    page.evaluate(`(() => {
      const side = document.querySelector('.side');
      const r = side.getBoundingClientRect();
      const points = [];
      for (let y = r.top + 8; y < r.bottom; y += 24) for (let x = r.left + 4; x < r.right; x += 40) points.push([x, y]);
      return points.filter(([x, y]) => !side.contains(document.elementFromPoint(x, y))).length;
    })()`);
  await page.setViewportSize({ width: 1024, height: 768 });
  expect(await sideOwnsItsArea()).toBe(0);
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await sideOwnsItsArea()).toBe(0);
  agent.close();
});

test('a selected turn gets most of the side column for its detail at 1280×800', async ({ dashboard: page, inspector }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  // Enough connection cards to fill the connections pane up to its default height.
  const agents = [];
  for (let i = 0; i < 4; i++) {
    const agent = await connectAgent(inspector.relayUrl!);
    await agent.turn(`hello ${i}`);
    agents.push(agent);
  }
  await expect(page.locator('[data-testid=connection-card]')).toHaveCount(4);
  await page.getByTestId('turn-row').first().click();
  const detail = (await page.getByTestId('detail').boundingBox())!;
  const side = (await page.locator('.side').boundingBox())!;
  expect(detail.height).toBeGreaterThan(side.height / 2);
  for (const agent of agents) agent.close();
});
