/** A reopened capture's detail and alerts: the turn detail fits its pane, an alert never moves the page. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { writeSampleCapture } from './sampleCapture.ts';

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ri-stable-')), 'sample.ndjson');
writeSampleCapture(file);
// A corrupt line: the dashboard skips it and says so in an alert.
fs.appendFileSync(file, '{"kind":"frame","t":1,"conn":"c1","se\n');
test.use({ cli: ['open', file], viewport: { width: 1280, height: 800 } });

test('the turn detail wraps its response id and lines up its facts, with no sideways scroll', async ({ dashboard: page }) => {
  await page.locator('[data-testid=timeline-row][data-type="response.completed"]').last().click();
  const detail = page.getByTestId('turn-detail');
  await expect(detail).toContainText('resp_');
  const pane = page.locator('.detail');
  expect(await pane.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  // The facts and the usage lists share their label column: their values start at the same x.
  const firsts = await page.locator('[data-testid=turn-detail] .facts').evaluateAll((lists) => lists.map((l) => l.querySelector('dd')!.getBoundingClientRect().x));
  expect(firsts.length).toBeGreaterThan(1);
  expect(new Set(firsts.map(Math.round)).size).toBe(1);
});

test('an alert floats: dismissing it does not move the page', async ({ dashboard: page }) => {
  const alert = page.getByTestId('alert');
  await expect(alert).toContainText('line');
  await expect(page.locator('[data-testid=timeline-row]').first()).toBeVisible();
  const before = (await page.locator('.tl-head').boundingBox())!.y;
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toHaveCount(0);
  expect((await page.locator('.tl-head').boundingBox())!.y).toBe(before);
});
