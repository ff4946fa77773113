/**
 * Issue 4 against the real `responses-inspector demo --no-open` (mock upstream + demo agent using
 * the openai SDK, 20 s connection limit): rows appear live, filters and search narrow them, the
 * detail shows the JSON, the countdown ticks, a reconnect is shown. Also writes the README
 * screenshot, e2e/screenshots/dashboard.png (light) and dashboard-dark.png.
 */

import path from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT, expect, test } from './fixtures.ts';

const rowCount = async (page: Page) => Number(/(?:([\d,]+) \/ )?([\d,]+) rows/.exec((await page.getByTestId('row-count').textContent()) ?? '')?.[2].replace(/,/g, '') ?? 0);

test('the demo: live rows, filters, search, detail, countdown and a reconnect', async ({ dashboard: page }) => {
  test.setTimeout(180_000); // the demo's 20 s limit must pass, on a shared, loaded machine
  const rows = page.getByTestId('timeline-row');

  // Rows appear live: the count keeps growing while the page is open.
  await expect(rows.first()).toBeVisible();
  await expect.poll(() => rowCount(page)).toBeGreaterThan(20);
  const n1 = await rowCount(page);
  await expect.poll(() => rowCount(page), { timeout: 15_000 }).toBeGreaterThan(n1);

  // The countdown of the open connection ticks.
  const countdown = page.locator('[data-testid=connection-card][data-status=open] [data-testid=countdown-text]').first();
  await expect(countdown).toContainText('left');
  const c0 = await countdown.textContent();
  await expect(countdown).not.toHaveText(c0!, { timeout: 5000 });

  // Event type filter: only response.create rows remain.
  // The long menu opens with its "filter…" box focused; Esc there closes the menu, the filter stays.
  await page.getByTestId('filter-type').getByRole('button').first().click();
  const typeQuery = page.getByTestId('filter-type').getByPlaceholder('filter…');
  await expect(typeQuery).toBeFocused();
  // A space typed in the box hides nothing; ↓ goes to the first option.
  await page.keyboard.press('Space');
  await expect(page.getByRole('option', { name: 'response.create', exact: true })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('filter-type').getByRole('option').first().getByRole('checkbox')).toBeFocused();
  await page.getByRole('option', { name: 'response.create', exact: true }).getByRole('checkbox').check();
  await typeQuery.focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('filter-type').getByRole('listbox')).toHaveCount(0);
  await expect(page.getByTestId('clear-filters')).toBeVisible();
  await expect(rows.first()).toHaveAttribute('data-type', 'response.create');
  const types = await rows.evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-type')))]);
  expect(types).toEqual(['response.create']);
  await page.getByTestId('clear-filters').click();

  // Search narrows to the rows whose payload matches, with a count.
  await page.keyboard.press('/');
  await expect(page.getByTestId('search-input')).toBeFocused();
  // One input event: typed letter by letter, the count could be read for a shorter prefix's search.
  await page.getByTestId('search-input').fill('response.completed');
  await expect(page.getByTestId('match-count')).toHaveText(/^\d+ match/);
  const completedTypes = await rows.evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-type')))]);
  expect(completedTypes).toContain('response.completed');
  expect(completedTypes).not.toContain('response.output_item.added');

  // The detail of a completed response shows its JSON and the turn's usage.
  await rows.filter({ hasText: 'response.completed' }).first().click();
  await expect(page.getByTestId('detail-type')).toHaveText('response.completed');
  await expect(page.getByTestId('json-tree')).toContainText('usage');
  await page.getByTestId('turn-tab-usage').click();
  await expect(page.getByTestId('turn-usage')).toBeVisible();
  await page.getByTestId('turn-tab-conversation').click();
  // Esc closes the detail first, then clears the search.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('detail')).toHaveCount(0);
  await expect(page.getByTestId('search-input')).toHaveValue('response.completed');
  await page.keyboard.press('Escape');
  await page.getByRole('heading', { name: 'Responses Inspector' }).click();
  await expect(page.getByTestId('search-input')).toHaveValue('');

  // The demo's connection reaches its 20 s limit and the agent reconnects: linked in the
  // connections panel and marked on the timeline (shown here through the lifecycle-rows filter,
  // since the virtualized timeline only renders the rows on screen).
  await expect(page.getByTestId('connection-replaces').first()).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('filter-dir').getByRole('button').click();
  await page.getByRole('option', { name: 'meta' }).getByRole('checkbox').check();
  await page.getByRole('heading', { name: 'Responses Inspector' }).click();
  await expect(
    page
      .getByTestId('row-badge')
      .filter({ hasText: /reconnect ←/ })
      .first(),
  ).toBeVisible();
  await page.getByTestId('clear-filters').click();
  await page.getByTestId('search-input').fill('websocket_connection_limit_reached');
  await expect(page.getByTestId('row-badge').filter({ hasText: 'limit' }).first()).toBeVisible();
  await page.getByTestId('clear-filters').click();

  // Back to the live tail, with a reconnect row's detail open, for the README screenshot.
  await page.getByRole('heading', { name: 'Responses Inspector' }).click();
  await page.keyboard.press('End');
  await page.locator('[data-testid=connection-card] [data-testid=connection-replaces] button').first().click();
  await expect(page.getByTestId('detail-type')).toHaveText('conn.open');
  // Then a turn from the turns table, its conversation open.
  // (The table keeps the selected turn in view: from its top, the third turn by its number.)
  await page.locator('.t-scroll').evaluate((e) => (e.scrollTop = 0));
  await page.locator('[data-testid=turn-row][data-index="3"]').click();
  await expect(page.getByTestId('turn-detail')).toContainText('Turn #3');
  await page.screenshot({ path: test.info().outputPath('demo.png') });
  await page.screenshot({ path: path.join(ROOT, 'e2e', 'screenshots', 'dashboard.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(ROOT, 'e2e', 'screenshots', 'dashboard-dark.png') });
});
