/** What a new user sees at the smallest supported window: nothing drawn over anything else. */

import { expect, test } from './fixtures.ts';

test('at 1024x768 the search count stays clear of the clear button and the row count', async ({ dashboard: page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(page.getByTestId('timeline-row').filter({ hasText: 'response.completed' }).first()).toBeVisible({ timeout: 30_000 });
  const input = page.getByTestId('search-input');
  await input.fill('response.completed');
  await input.press('Enter');
  await input.press('Enter');
  await expect(page.getByTestId('match-count')).toHaveText(/^2 of \d+ rows?$/);
  const box = async (id: string) => (await page.getByTestId(id).boundingBox())!;
  const count = await box('match-count');
  const clear = await box('clear-filters');
  const rows = await box('row-count');
  // The count's own text fits its box (not cut) and ends before the next control starts.
  expect(await page.getByTestId('match-count').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  expect(count.x + count.width).toBeLessThanOrEqual(clear.x);
  expect(clear.x + clear.width).toBeLessThanOrEqual(rows.x);
  expect(rows.x + rows.width).toBeLessThanOrEqual((await page.locator('.filter-bar').boundingBox())!.x + (await page.locator('.filter-bar').boundingBox())!.width);
  await page.screenshot({ path: test.info().outputPath('1024x768-search.png') });
});

for (const [width, height] of [
  [1280, 800],
  [1920, 1080],
]) {
  test(`at ${width}x${height} the longest common event names are not cut`, async ({ dashboard: page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height });
    const row = page.getByTestId('timeline-row').filter({ hasText: 'response.function_call_arguments.done' }).first();
    // Late enough that the demo's lanes have appeared: the lane column takes its room too.
    await expect(page.locator('.timeline:not(.no-lanes)')).toHaveCount(1, { timeout: 60_000 });
    await expect(row).toBeVisible({ timeout: 30_000 });
    const cell = row.locator('.c-type');
    expect(await cell.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    const folded = page
      .getByTestId('timeline-row')
      .filter({ has: page.getByTestId('fold-toggle') })
      .filter({ hasText: 'response.function_call_arguments.delta' })
      .first();
    await expect(folded).toBeVisible();
    expect(await folded.locator('.c-type').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  });
}
