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
  // An empty array reads on one line, as a leaf, not as an open node over two lines.
  await page.locator('[data-testid=timeline-row][data-type="response.create"]').last().click();
  await expect(page.locator('[data-testid=json-tree] .j-leaf', { hasText: /^input: \[\]$/ })).toHaveCount(1);
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

test('time reads with units or as the wall clock, the choice kept across reloads', async ({ dashboard: page }) => {
  const firstTime = page.locator('[data-testid=timeline-row] .c-time').first();
  await expect(firstTime).toHaveText(/^\d+(\.\d+)? (ms|s)$/);
  await page.getByTestId('time-mode').click();
  await expect(firstTime).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);
  await page.reload();
  await expect(page.getByTestId('time-mode')).toHaveAttribute('data-mode', 'wall');
  await expect(page.locator('[data-testid=timeline-row] .c-time').first()).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);
  await page.getByTestId('time-mode').click();
  await expect(page.getByTestId('time-mode')).toHaveAttribute('data-mode', 'relative');
});

test.describe('an hour-long capture', () => {
  const long = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ri-long-')), 'hour.ndjson');
  let t = Date.now() - 2 * 3_600_000;
  const recs: object[] = [{ kind: 'capture.start', t, format: 'responses-inspector.capture', version: 1, upstream: 'wss://api.openai.com/v1/responses', tool: { name: 'responses-inspector', version: '0.1.0' } }];
  recs.push({ kind: 'conn.open', t: (t += 1), conn: 'c1', path: '/v1/responses', headers: {} }, { kind: 'conn.upstream_open', t: (t += 80), conn: 'c1', upstream: 'wss://api.openai.com/v1/responses', status: 101, handshakeMs: 80 });
  let seq = 0;
  for (const gap of [130_270, 3_900_000, 12.5]) {
    const data = JSON.stringify({ type: 'response.create', model: 'gpt-5.5', input: [] });
    recs.push({ kind: 'frame', t: (t += gap), conn: 'c1', seq: ++seq, dir: 'send', binary: false, size: data.length, data });
  }
  fs.writeFileSync(long, recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
  test.use({ cli: ['open', long] });

  test('no time or gap is cut, whatever its size', async ({ dashboard: page }) => {
    await expect(page.locator('[data-testid=timeline-row]')).toHaveCount(6);
    const deltas = await page.locator('[data-testid=timeline-row] .c-delta').allTextContents();
    expect(deltas).toContain('+2:10.3');
    expect(deltas).toContain('+1:05:00');
    const times = await page.locator('[data-testid=timeline-row] .c-time').allTextContents();
    expect(times.at(-1)).toMatch(/^1:07:\d\d\.\d$/);
    const cut = await page.locator('[data-testid=timeline-row] .c-time, [data-testid=timeline-row] .c-delta').evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth).length);
    expect(cut).toBe(0);
  });
});
