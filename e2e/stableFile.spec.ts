/** A reopened capture's detail and alerts: the turn detail fits its pane, an alert never moves the page. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dragHandle, expect, test, toTimelineEnd } from './fixtures.ts';
import { captureStart, writeSampleCapture } from './sampleCapture.ts';

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ri-stable-')), 'sample.ndjson');
writeSampleCapture(file);
// A corrupt line: the dashboard skips it and says so in an alert.
fs.appendFileSync(file, '{"kind":"frame","t":1,"conn":"c1","se\n');
test.use({ cli: ['open', file], viewport: { width: 1280, height: 800 } });

test('the turn detail wraps its response id and lines up its facts, with no sideways scroll', async ({ dashboard: page }) => {
  // The last turns (a saved capture opens at its first rows).
  await toTimelineEnd(page);
  await page.locator('[data-testid=timeline-row][data-type="response.completed"]').last().click();
  const detail = page.getByTestId('turn-detail');
  await expect(detail).toContainText('resp_');
  const pane = page.locator('.detail');
  expect(await pane.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  // The timing and the usage lists share their label column: their values start at the same x.
  const firstValueX = () =>
    page
      .locator('[data-testid=turn-detail] .facts dd')
      .first()
      .evaluate((el) => Math.round(el.getBoundingClientRect().x));
  await page.getByTestId('turn-tab-timing').click();
  const timingX = await firstValueX();
  await page.getByTestId('turn-tab-usage').click();
  expect(await firstValueX()).toBe(timingX);
  expect(await pane.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  // Scrolled, the detail's header stays at the pane's very top: nothing scrolled shows above it.
  await pane.evaluate((el) => {
    el.scrollTop = 200;
  });
  const head = (await page.locator('.detail-head').boundingBox())!;
  const paneTop = await pane.evaluate((el) => el.getBoundingClientRect().top + el.clientTop);
  expect(head.y).toBeLessThanOrEqual(paneTop + 0.5);
  await pane.evaluate((el) => {
    el.scrollTop = 0;
  });
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
  const recs: object[] = [captureStart(t)];
  recs.push(
    { kind: 'conn.open', t: (t += 1), conn: 'c1', path: '/v1/responses', headers: {} },
    { kind: 'conn.upstream_open', t: (t += 80), conn: 'c1', upstream: 'wss://api.openai.com/v1/responses', status: 101, handshakeMs: 80 },
  );
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
    const cut = await page
      .locator('[data-testid=timeline-row] .c-time, [data-testid=timeline-row] .c-delta')
      .evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth).length);
    expect(cut).toBe(0);
  });
});

test('turns first: a sortable table of turns, each opening a tabbed detail; panes keep their size', async ({ dashboard: page }) => {
  const rows = page.getByTestId('turn-row');
  await expect(rows).toHaveCount(4);
  await expect(page.getByRole('grid', { name: 'Turns' })).toBeVisible();
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-index')))).toEqual(['1', '2', '3', '4']);
  // Sorted by total, slowest first; again, fastest first.
  const totals = async () => await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-index')));
  await page.getByTestId('turn-sort-total').click();
  await expect(page.locator('[role=columnheader][aria-sort=descending]')).toContainText('total');
  const desc = await totals();
  await page.getByTestId('turn-sort-total').click();
  await expect(page.locator('[role=columnheader][aria-sort=ascending]')).toContainText('total');
  expect(await totals()).not.toEqual(desc);
  await page.getByTestId('turn-sort-index').click();

  // A turn opens its detail: conversation (input, tool calls, output), frames, timing, usage.
  await rows.nth(1).click();
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('turn-detail')).toContainText('Turn #2');
  const kinds = await page.getByTestId('conv-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  expect(kinds[0]).toBe('input');
  expect(kinds).toContain('output');
  await page.getByTestId('turn-tab-frames').click();
  const frames = page.getByTestId('turn-frame');
  expect(await frames.count()).toBeGreaterThan(3);
  await expect(frames.first()).toContainText('response.create');
  await page.getByTestId('turn-tab-timing').click();
  await expect(page.getByTestId('turn-timing')).toContainText('first delta');
  await page.getByTestId('turn-tab-usage').click();
  await expect(page.getByTestId('turn-cost')).toContainText('no prices given');
  await page.getByTestId('edit-prices').click();
  await page.getByTestId('price-input').fill('2');
  await page.getByTestId('price-output').fill('8');
  await page.getByTestId('prices-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('turn-cost')).toHaveText(/^\d+\.\d{6}/);

  // The side column is resized by its handle and keeps its width across a reload.
  const side = page.locator('aside.side');
  const before = (await side.boundingBox())!.width;
  await dragHandle(page, 'split-side', -100, { x: 2, y: 100 });
  const after = (await side.boundingBox())!.width;
  expect(Math.round(after - before)).toBe(100);
  await page.reload();
  await expect(page.getByTestId('turn-row').first()).toBeVisible();
  expect(Math.round((await side.boundingBox())!.width)).toBe(Math.round(after));
  // The tab chosen last is kept too.
  await page.getByTestId('turn-row').first().click();
  await expect(page.getByTestId('turn-tab-usage')).toHaveAttribute('aria-selected', 'true');
});

test('keys and summary figures go to the next error, reconnect, limit and cache miss; search steps through matches', async ({ dashboard: page }) => {
  const selected = page.locator('[data-testid=timeline-row][aria-selected=true]');
  await expect(page.locator('[data-testid=timeline-row]').first()).toBeVisible();
  await page.getByRole('heading', { name: 'Responses Inspector' }).click();
  await page.keyboard.press('l');
  await expect(selected).toHaveAttribute('data-type', 'error');
  await expect(selected).toHaveAttribute('data-conn', 'c1');
  await page.keyboard.press('r');
  await expect(selected).toHaveAttribute('data-type', 'conn.open');
  await expect(selected).toHaveAttribute('data-conn', 'c2');
  await page.keyboard.press('c');
  await expect(selected).toHaveAttribute('data-type', 'error');
  await expect(selected).toHaveAttribute('data-conn', 'c2');
  // e steps through the errors, wrapping; Shift+e goes back.
  await page.keyboard.press('e');
  await expect(selected).toHaveAttribute('data-conn', 'c1');
  await page.keyboard.press('Shift+E');
  await expect(selected).toHaveAttribute('data-conn', 'c2');
  await page.getByTestId('jump-limit').click();
  await expect(selected).toHaveAttribute('data-conn', 'c1');
  await expect(page.getByTestId('jump-reconnect')).toHaveText('1 reconnect');

  // Search: Enter / Shift+Enter step through the matches, "n of N"; a search with none says so.
  await page.keyboard.press('Escape');
  await page.keyboard.press('/');
  await page.keyboard.type('response.create');
  await page.keyboard.press('Enter');
  const count = page.getByTestId('match-count');
  await expect(count).toHaveText(/^1 \/ \d+$/);
  const total = Number((await count.textContent())!.split(' ')[2]);
  expect(total).toBeGreaterThan(2);
  await page.keyboard.press('Enter');
  await expect(count).toHaveText(`2 / ${total}`);
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.press('Shift+Enter');
  await expect(count).toHaveText(`${total} / ${total}`);
  await expect(page.locator('[data-testid=timeline-row] mark.hit').first()).toHaveText('response.create');
  await page.getByTestId('search-input').fill('no such text anywhere');
  await expect(count).toHaveText('no match');
});

test('a fold closed from one of its deltas, by ← or by its toggle, leaves its row selected', async ({ dashboard: page }) => {
  const fold = page
    .getByTestId('timeline-row')
    .filter({ has: page.getByTestId('fold-toggle') })
    .first();
  const members = page.getByTestId('timeline-member');
  for (const close of ['ArrowLeft', 'toggle']) {
    await fold.getByTestId('fold-toggle').click();
    await expect(members.nth(2)).toBeVisible();
    await members.nth(1).click();
    await expect(members.nth(1)).toHaveAttribute('aria-selected', 'true');
    if (close === 'ArrowLeft') await page.keyboard.press('ArrowLeft');
    else await fold.getByTestId('fold-toggle').click();
    await expect(members, close).toHaveCount(0);
    await expect(fold, close).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('detail')).toContainText('deltas folded');
  }
});

test('timeline columns resize by their header edge and keep their width; an empty lane column takes no room', async ({ dashboard: page }) => {
  await expect(page.locator('[data-testid=timeline-row]').first()).toBeVisible();
  await expect(page.locator('.tl-head .c-lane')).toBeHidden();
  const head = page.locator('.tl-head .c-conn');
  const before = (await head.boundingBox())!.width;
  await dragHandle(page, 'col-resize-conn', 40);
  const after = (await head.boundingBox())!.width;
  expect(Math.round(after - before)).toBe(40);
  const cell = (await page.locator('[data-testid=timeline-row] .c-conn').first().boundingBox())!;
  expect(Math.round(cell.width)).toBe(Math.round(after));
  await page.reload();
  await expect(page.locator('[data-testid=timeline-row]').first()).toBeVisible();
  expect(Math.round((await page.locator('.tl-head .c-conn').boundingBox())!.width)).toBe(Math.round(after));
});

test('a timeline column sized narrower than its text cuts the text at its edge with an ellipsis', async ({ dashboard: page }) => {
  const time = page.locator('[data-testid=timeline-row] .c-time').first();
  await expect(time).toBeVisible();
  // The time column's text fits its default width, so its cells paint unclipped (app.css) ...
  expect(await time.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  await dragHandle(page, 'col-resize-time', -60);
  // ... and once sized narrower, each cell clips its text instead of drawing over the next column.
  expect(await time.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
  await expect(time).toHaveCSS('overflow-x', 'hidden');
  await expect(time).toHaveCSS('text-overflow', 'ellipsis');
});
