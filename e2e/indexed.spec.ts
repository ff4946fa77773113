/**
 * A capture the CLI indexes (RESPONSES_INSPECTOR_INDEX_MIN_BYTES=0 makes every capture one): the page
 * receives rows and the turn model, never the records, and fetches what it shows. It must show what
 * the browser path shows for the same file: the same file is also picked from disk (read whole by
 * the page) and compared.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, toTimelineEnd } from './fixtures.ts';
import { writeSampleCapture } from './sampleCapture.ts';
import { captureStart } from './sampleCapture.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ri-indexed-'));
const file = path.join(dir, 'sample.ndjson');
writeSampleCapture(file);
writeLongAnswer(path.join(dir, 'long.ndjson'));
const MANY_TURNS = 12_345;
writeManyTurns(path.join(dir, 'many.ndjson'), MANY_TURNS);
test.use({ cli: ['open', file], env: { RESPONSES_INSPECTOR_INDEX_MIN_BYTES: '0' } });

/** One turn whose answer (6,000 characters) is longer than the preview the index sends of it. */
function writeLongAnswer(to: string) {
  let t = Date.now() - 10_000;
  let seq = 0;
  const frame = (dir: string, ev: object) => {
    const data = JSON.stringify(ev);
    return { kind: 'frame', t: (t += 5), conn: 'c1', seq: ++seq, dir, binary: false, size: data.length, data };
  };
  const recs: object[] = [
    captureStart(t),
    { kind: 'conn.open', t: (t += 1), conn: 'c1', path: '/v1/responses', headers: {} },
    frame('send', { type: 'response.create', model: 'gpt-5.5', input: 'tell me everything' }),
    frame('receive', { type: 'response.created', response: { id: 'resp_long' } }),
  ];
  for (let i = 0; i < 60; i++) recs.push(frame('receive', { type: 'response.output_text.delta', item_id: 'm1', delta: `${String(i).padStart(2, '0')}${'x'.repeat(98)}` }));
  recs.push(frame('receive', { type: 'response.completed', response: { id: 'resp_long', usage: { input_tokens: 3, output_tokens: 1500 } } }));
  fs.writeFileSync(to, `${recs.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

/** `n` short turns (a send and its completion each) on one connection: five-digit turn numbers. */
function writeManyTurns(to: string, n: number) {
  let t = Date.now() - 60_000;
  let seq = 0;
  const frame = (dir: string, ev: object) => {
    const data = JSON.stringify(ev);
    return JSON.stringify({ kind: 'frame', t: (t += 1), conn: 'c1', seq: ++seq, dir, binary: false, size: data.length, data });
  };
  const lines = [JSON.stringify(captureStart(t)), JSON.stringify({ kind: 'conn.open', t: (t += 1), conn: 'c1', path: '/v1/responses', headers: {} })];
  for (let i = 1; i <= n; i++) {
    lines.push(frame('send', { type: 'response.create', model: 'gpt-5.5', input: `q${i}` }));
    lines.push(frame('receive', { type: 'response.completed', response: { id: `resp_${i}`, usage: { input_tokens: 1, output_tokens: 1 } } }));
  }
  fs.writeFileSync(to, `${lines.join('\n')}\n`);
}

/**
 * Holds the index's `done` message (the turn model) until `window.releaseIndex()` is called: the
 * rows stream in, and the page shows them with its model still to come, as a large capture does.
 */
function holdIndexDone() {
  // The page's globals, typed here (the e2e specs are type-checked without the DOM's types).
  const w = globalThis as unknown as { fetch: typeof fetch; releaseIndex(): void; location: { href: string }; holdModel?: boolean; passTurns?: boolean; rowsAhead?: number };
  // The model too (an index already built sends it after its first rows), unless a test holds only
  // `done`; `passTurns`: the turns go through and the model waits, as in a first open; `rowsAhead`:
  // only that many `rows` messages go ahead (a first open seen early), the others wait too.
  const heldKind = (l: string) =>
    l.startsWith('{"type":"done"') || (w.holdModel !== false && (l.startsWith('{"type":"model"') || (w.passTurns !== true && l.startsWith('{"type":"turns"'))));
  const released = new Promise<void>((resolve) => (w.releaseIndex = resolve));
  const fetch0 = w.fetch.bind(w);
  w.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const res = await fetch0(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input), w.location.href);
    if (url.pathname !== '/api/index') return res;
    const lines = (await res.text()).split('\n').filter((l: string) => l.length > 0);
    let rows = 0;
    const heldLines = new Set(lines.filter((l) => heldKind(l) || (w.rowsAhead !== undefined && l.startsWith('{"type":"rows"') && ++rows > w.rowsAhead)));
    const held = (l: string) => heldLines.has(l);
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(c) {
        for (const l of lines) {
          if (!held(l)) c.enqueue(enc.encode(`${l}\n`));
          else if (l.startsWith('{"type":"done"') && w.rowsAhead === undefined) {
            // A small capture's rows come with its model: sent ahead as the rows a large one streams
            // (not when rows before them are held: rows arrive in order).
            const { from, rows, records, bytes } = JSON.parse(l);
            c.enqueue(enc.encode(`${JSON.stringify({ type: 'rows', from, rows, records, bytes })}\n`));
          }
        }
        await released;
        for (const l of lines.filter(held)) c.enqueue(enc.encode(`${l}\n`));
        c.close();
      },
    });
    return new Response(body, { status: res.status, headers: res.headers });
  };
}

/** What a user and an outside test read once the capture is loaded. */
async function shown(page: Page) {
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-load-state', 'done');
  return {
    records: await html.getAttribute('data-records'),
    turns: await html.getAttribute('data-turns'),
    rows: await page.getByTestId('row-count').textContent(),
    summary: await page.getByTestId('summary').textContent(),
    turnRows: await page.getByTestId('turn-row').count(),
  };
}

/** The summaries of the timeline rows drawn, by their position. */
async function rowSummaries(page: Page) {
  const rows = page.getByTestId('timeline-row');
  const out: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push(`${await row.getAttribute('aria-rowindex')}: ${await row.locator('.c-summary').textContent()}`);
  }
  return out;
}

async function searchCount(page: Page, text: string) {
  await page.getByTestId('search-input').fill(text);
  await expect(page.getByTestId('match-count')).not.toHaveText(/^$|searching/);
  const count = await page.getByTestId('match-count').textContent();
  await page.getByTestId('search-input').fill('');
  await expect(page.getByTestId('match-count')).toHaveText('');
  return count;
}

test('open FILE on an indexed capture shows what the browser path shows, fetching payloads, search and export from the CLI', async ({ dashboard: page }) => {
  const asked: string[] = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  const indexed = await shown(page);
  expect(Number(indexed.records)).toBeGreaterThan(10);
  expect(Number(indexed.turns)).toBeGreaterThan(1);
  // Replay plays records the page holds: an indexed capture's are with the CLI, and the button says so.
  await expect(page.getByTestId('replay-start')).toBeDisabled();
  await expect(page.getByTestId('replay-start')).toHaveAttribute('title', /indexed/);
  // The rows came without their summaries: the list asked for those of the rows it draws.
  // Read from the page's resource timing: the first rows are drawn (and ask) before a listener here could be added.
  const fetchedSummaries = () =>
    page.evaluate(() =>
      (globalThis as unknown as { performance: { getEntriesByType(t: string): Array<{ name: string }> } }).performance
        .getEntriesByType('resource')
        .some((e) => e.name.includes('/api/index/summaries')),
    );
  await expect.poll(fetchedSummaries).toBe(true);
  await expect.poll(async () => (await rowSummaries(page)).filter((s) => !s.endsWith(': ')).length > 5).toBe(true);
  const summariesIndexed = await rowSummaries(page);
  expect(summariesIndexed.length).toBeGreaterThan(5);

  // The detail pane fetches the selected record (the last turn with an answer: at the end, End shows it).
  await toTimelineEnd(page);
  await page.getByTestId('timeline-row').filter({ hasText: 'response.completed' }).last().click();
  await expect(page.getByTestId('json-tree')).toContainText('"completed"');
  await expect(page.getByTestId('turn-output')).not.toBeEmpty();
  expect(asked).toContain('/api/index/records');
  // A folded row's assembled text comes from its members' records.
  const fold = page
    .getByTestId('timeline-row')
    .filter({ has: page.getByTestId('fold-toggle') })
    .first();
  await fold.click();
  await expect(page.getByTestId('folded-text')).not.toHaveText(/^$|Loading/);
  const assembledIndexed = await page.getByTestId('folded-text').textContent();
  // Expanded, its member lines show each delta.
  await page.getByTestId('fold-toggle').first().click();
  await expect(page.getByTestId('timeline-member').first()).toBeVisible();
  await page.getByTestId('fold-toggle').first().click();

  const searchedIndexed = await searchCount(page, 'previous_response_not_found');
  expect(searchedIndexed).not.toBe('no match');
  expect(asked).toContain('/api/index/search');

  await page.getByTestId('export-scope').selectOption('all');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  expect(asked).toContain('/api/export');
  const doc = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as { format: string; events: unknown[]; turns: unknown[] };
  expect(doc.format).toBe('responses-inspector.timeline');
  expect(doc.turns.length).toBe(Number(indexed.turns));

  // The same file read whole by the page (a picked file has no copy with the CLI): the same views.
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('source-badge')).toContainText('sample.ndjson');
  await expect(page.getByTestId('replay-start')).toBeEnabled();
  const browser = await shown(page);
  expect(indexed).toEqual(browser);
  expect(await rowSummaries(page)).toEqual(summariesIndexed);
  await toTimelineEnd(page);
  await page
    .getByTestId('timeline-row')
    .filter({ has: page.getByTestId('fold-toggle') })
    .first()
    .click();
  await expect(page.getByTestId('folded-text')).toHaveText(assembledIndexed!);
  expect(await searchCount(page, 'previous_response_not_found')).toBe(searchedIndexed);
});

test('the Captures menu opens a listed capture through the index', async ({ dashboard: page }) => {
  const direct = await shown(page);
  const asked: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    asked.push(`${u.pathname}?${u.searchParams.has('file') ? 'file' : ''}`);
  });
  await page.getByTestId('captures-button').click();
  await page.locator('[data-testid=capture-item][data-name="sample.ndjson"]').getByTestId('capture-open').click();
  await expect(page.getByTestId('source-badge')).toContainText('sample.ndjson');
  expect(await shown(page)).toEqual(direct);
  expect(asked).toContain('/api/index?file');
  await expect(page.getByTestId('replay-start')).toBeDisabled();
  await page.getByTestId('timeline-row').filter({ hasText: 'response.completed' }).last().click();
  await expect(page.getByTestId('json-tree')).toContainText('"completed"');
});

test('a long output of an indexed capture is shown whole in the Conversation tab', async ({ dashboard: page }) => {
  await shown(page);
  await page.getByTestId('captures-button').click();
  await page.locator('[data-testid=capture-item][data-name="long.ndjson"]').getByTestId('capture-open').click();
  await expect(page.getByTestId('source-badge')).toContainText('long.ndjson');
  await expect(page.locator('html')).toHaveAttribute('data-load-state', 'done');
  await page.getByTestId('timeline-row').filter({ hasText: 'response.completed' }).click();
  await page.getByTestId('turn-tab-conversation').click();
  // The turn list carries a preview of the answer; the tab fetches the turn whole.
  const whole = Array.from({ length: 60 }, (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(98)}`).join('');
  await expect(page.getByTestId('turn-output')).toHaveText(whole);
  await expect(page.getByTestId('turn-output-cut')).toHaveCount(0);
  // The folded row's text is assembled from its deltas, fetched from the CLI (up to the length the
  // page's own timeline keeps); expanded, each delta is a line of its own.
  const fold = page.getByTestId('timeline-row').filter({ has: page.getByTestId('fold-toggle') });
  await fold.click();
  await expect(page.getByTestId('folded-text')).toContainText(`00${'x'.repeat(98)}01`);
  await fold.getByTestId('fold-toggle').click();
  await expect(page.getByTestId('timeline-member').nth(1)).toContainText(`01${'x'.repeat(20)}`);
});

test('while an indexed capture loads, the panels wait for its turns instead of saying it has none', async ({ page, inspector }) => {
  await page.addInitScript(holdIndexDone);
  await page.goto(inspector.dashboardUrl);
  // The rows are shown, with their turn numbers; the turn model is still to come.
  await expect(page.getByTestId('timeline-row').first()).toBeVisible();
  await expect(page.getByTestId('timeline-row').filter({ hasText: '#2' }).first()).toBeVisible();
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-load-state', 'loading');
  // With their number when the CLI had built the index before the page asked (a small capture).
  await expect(page.getByTestId('turn-count')).toHaveText(/^Loading (\d+ )?turns…$/);
  await expect(page.getByTestId('turns-loading')).toHaveText('Loading turns…');
  await expect(page.getByTestId('connections-loading')).toBeVisible();
  await expect(page.getByTestId('summary-deferred')).toContainText('Loading turns');
  await expect(page.getByTestId('waterfall-deferred')).toContainText('Loading turns');
  // Never a final-looking empty state.
  await expect(page.getByTestId('empty-state')).toHaveCount(0);
  await expect(page.getByTestId('wf-empty')).toHaveCount(0);
  await expect(page.getByText('None yet.')).toHaveCount(0);
  await expect(page.getByText(/^0 turns$/)).toHaveCount(0);

  await page.evaluate(() => (globalThis as unknown as { releaseIndex(): void }).releaseIndex());
  await expect(html).toHaveAttribute('data-load-state', 'done');
  const turns = Number(await html.getAttribute('data-turns'));
  expect(turns).toBeGreaterThan(1);
  await expect(page.getByTestId('turn-count')).toHaveText(`${turns} turns`);
  await expect(page.getByTestId('turns-loading')).toHaveCount(0);
  await expect(page.getByTestId('connections-loading')).toHaveCount(0);
  await expect(page.getByTestId('summary')).toBeVisible();
  await expect(page.getByTestId('turn-row').first()).toBeVisible();
});

test('an index already built shows its turns while its rows are still arriving', async ({ page, inspector }) => {
  await page.goto(inspector.dashboardUrl);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-load-state', 'done');
  const turns = Number(await html.getAttribute('data-turns'));
  // Opened again, the CLI's index is built: its model comes after the first rows, ahead of `done`.
  await page.addInitScript(() => {
    (globalThis as unknown as { holdModel: boolean }).holdModel = false;
  });
  await page.addInitScript(holdIndexDone);
  await page.reload();
  await expect(page.getByTestId('turn-row').first()).toBeVisible();
  await expect(html).toHaveAttribute('data-load-state', 'loading');
  // The header names the capture once: beside it, "opening…" with the percentage.
  await expect(page.getByTestId('loading-file')).toHaveText('opening…');
  await expect(page.getByTestId('turn-count')).toHaveText(`${turns} turns`);
  await expect(page.getByTestId('turns-loading')).toHaveCount(0);
  await expect(page.getByTestId('summary')).toBeVisible();
  await page.evaluate(() => (globalThis as unknown as { releaseIndex(): void }).releaseIndex());
  await expect(html).toHaveAttribute('data-load-state', 'done');
  expect(Number(await html.getAttribute('data-turns'))).toBe(turns);
});

test('turns listed while the CLI still reads the capture are counted as so far, and the charts wait for its end', async ({ page, inspector }) => {
  // The turns go through and the model and `done` wait, as in a first open of a capture of many turns.
  await page.addInitScript(() => {
    (globalThis as unknown as { passTurns: boolean }).passTurns = true;
  });
  await page.addInitScript(holdIndexDone);
  await page.goto(inspector.dashboardUrl);
  await expect(page.getByTestId('timeline-row').first()).toBeVisible();
  await page.getByTestId('captures-button').click();
  await page.locator('[data-testid=capture-item][data-name="many.ndjson"]').getByTestId('capture-open').click();
  await expect(page.getByTestId('source-badge')).toContainText('many.ndjson');
  await expect(page.getByTestId('turn-row').first()).toBeVisible();
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-load-state', 'loading');
  // Turns come in messages of 500: 12,000 of them are listed, the last 345 come with the model.
  await expect(page.getByTestId('turn-count')).toHaveText('12,000 turns so far…');
  await expect(page.getByTestId('turns-loading')).toHaveCount(0);
  await expect(page.getByTestId('summary-deferred')).toHaveText('Summary: computed when the capture has loaded.');
  await expect(page.getByTestId('waterfall-deferred')).toHaveText('Waterfall: drawn when the capture has loaded.');
  await page.evaluate(() => (globalThis as unknown as { releaseIndex(): void }).releaseIndex());
  await expect(html).toHaveAttribute('data-load-state', 'done');
  await expect(page.getByTestId('turn-count')).toHaveText('12,345 turns');
  await expect(page.getByTestId('summary')).toBeVisible();
});

test('five-digit turn numbers show whole, and counts have thousands separators', async ({ dashboard: page }) => {
  await shown(page);
  await page.getByTestId('captures-button').click();
  await page.locator('[data-testid=capture-item][data-name="many.ndjson"]').getByTestId('capture-open').click();
  await expect(page.getByTestId('source-badge')).toContainText('many.ndjson');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-load-state', 'done');
  await expect(html).toHaveAttribute('data-turns', String(MANY_TURNS));
  // The <html> contract keeps plain numbers; the page's text has separators.
  await expect(html).toHaveAttribute('data-records', String(2 + 2 * MANY_TURNS));
  await expect(page.getByTestId('turn-count')).toHaveText('12,345 turns');
  await expect(page.getByTestId('summary-turns')).toHaveText('12,345');
  await expect(page.getByTestId('row-count')).toContainText('24,692 records');
  // A saved capture opens at its first rows and stays there while the rest arrives (rows messages of 300).
  await expect(page.locator('[data-testid=timeline-row][aria-rowindex="1"]')).toBeInViewport();
  // End goes to the last rows.
  await toTimelineEnd(page);
  await page.getByTestId('turn-sort-index').click();
  await expect(page.getByTestId('turn-sort-index')).toContainText('▼');
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ]) {
    await page.setViewportSize({ width, height });
    // The last turn's rows are on screen (End), as is the last turn first in the table.
    const last = page
      .getByTestId('timeline-row')
      .filter({ hasText: `#${MANY_TURNS}` })
      .first();
    await expect(last).toBeVisible();
    const cell = last.locator('.c-turn');
    await expect(cell).toHaveText(`#${MANY_TURNS}`);
    expect(await cell.evaluate((e) => e.scrollWidth <= e.clientWidth), `#${MANY_TURNS} whole at ${width}×${height}`).toBe(true);
    const index = page.getByTestId('turn-row').first().locator('.t-index');
    await expect(index).toHaveText(String(MANY_TURNS));
    expect(await index.evaluate((e) => e.scrollWidth <= e.clientWidth), `${MANY_TURNS} whole in the turns table at ${width}×${height}`).toBe(true);
    // The last turn's bar, at the very end of the scale, is inside its cell.
    const wf = page.getByTestId('turn-row').first().locator('.t-wf');
    const cellBox = (await wf.boundingBox())!;
    const barBox = (await wf.locator('.t-bar').boundingBox())!;
    expect(barBox.width, `the last turn's bar at ${width}×${height}`).toBeGreaterThan(0);
    expect(barBox.x + barBox.width).toBeLessThanOrEqual(cellBox.x + cellBox.width + 0.5);
  }
  // Opened again from the list's end, a capture starts at its top, not where the last one was scrolled to.
  await page.getByTestId('captures-button').click();
  await page.locator('[data-testid=capture-item][data-name="many.ndjson"]').getByTestId('capture-open').click();
  await expect(html).toHaveAttribute('data-load-state', 'done');
  await expect(page.locator('[data-testid=timeline-row][aria-rowindex="1"]')).toBeInViewport();
});

test.describe('a large capture opened again', () => {
  test.use({ cli: ['open', path.join(dir, 'many.ndjson')] });

  test("a search says it is running, and once cleared keeps the match stepped to in view, not the list's first rows", async ({ dashboard: page }) => {
    await expect(page.locator('html')).toHaveAttribute('data-load-state', 'done');
    // While the CLI searches, the list says so instead of standing empty.
    let answer: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/api/index/search*', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByTestId('search-input').fill('q12000');
    await expect(page.getByTestId('timeline-searching')).toHaveText(`Searching ${(2 + 2 * MANY_TURNS).toLocaleString('en-US')} records…`);
    answer();
    await expect(page.getByTestId('match-count')).toHaveText('1 match');
    await expect(page.getByTestId('timeline-searching')).toHaveCount(0);
    await page.getByTestId('search-input').press('Enter');
    const selected = page.locator('[data-testid=timeline-row][aria-selected=true]');
    await expect(selected).toContainText('#12000');
    await page.getByTestId('search-input').fill('');
    await expect(page.getByTestId('match-count')).toHaveText('');
    // Every row again, and the one stepped to still on screen (it is 24,000 rows from the top).
    await expect(page.getByTestId('timeline')).toHaveAttribute('aria-rowcount', String(2 + 2 * MANY_TURNS));
    await expect(selected).toBeInViewport();
    await expect(selected).toContainText('#12000');
  });

  test('says it is reading before its first rows, not that the capture has none', async ({ page, inspector }) => {
    await page.addInitScript(() => {
      (globalThis as unknown as { rowsAhead: number }).rowsAhead = 0;
    });
    await page.addInitScript(holdIndexDone);
    await page.goto(inspector.dashboardUrl);
    await expect(page.getByTestId('row-count')).toHaveText('reading…');
    await expect(page.locator('html')).toHaveAttribute('data-load-state', 'loading');
    await expect(page.getByTestId('empty-state')).toHaveCount(0);
    await page.evaluate(() => (globalThis as unknown as { releaseIndex(): void }).releaseIndex());
    await expect(page.locator('html')).toHaveAttribute('data-load-state', 'done');
    await expect(page.getByTestId('row-count')).toContainText(`${(2 * MANY_TURNS + 2).toLocaleString('en-US')} records`);
  });

  test("the waterfall's count adds up: turns in its window, drawn or merged, fitted and zoomed", async ({ page, inspector }) => {
    await page.goto(inspector.dashboardUrl);
    await expect(page.locator('html')).toHaveAttribute('data-load-state', 'done');
    const count = page.getByTestId('wf-count');
    const head = page.locator('.wf-head');
    const read = async () => {
      const text = (await count.textContent()) ?? '';
      const m = /^(?:([\d,]+) of )?([\d,]+) turns(?: · ([\d,]+) merged)?$/.exec(text);
      expect(m, text).not.toBeNull();
      const n = (x: string | undefined) => Number((x ?? '0').replace(/,/g, ''));
      return { inWindow: m![1] ? n(m![1]) : n(m![2]), total: n(m![2]), merged: n(m![3]), bars: await page.getByTestId('wf-bar').count() };
    };
    const fitted = await read();
    expect(fitted).toMatchObject({ inWindow: MANY_TURNS, total: MANY_TURNS });
    expect(fitted.merged).toBeGreaterThan(0);
    expect(fitted.bars + fitted.merged).toBe(MANY_TURNS);
    await expect(count).toHaveAttribute('title', /merged into the bar before/);
    const height = (await head.boundingBox())!.height;
    await page.getByTestId('wf-zoom-in').click();
    await expect(count).toContainText(' of ');
    const zoomed = await read();
    expect(zoomed.total).toBe(MANY_TURNS);
    expect(zoomed.inWindow).toBeLessThan(MANY_TURNS);
    expect(zoomed.bars + zoomed.merged).toBe(zoomed.inWindow);
    await expect(count).toHaveAttribute('title', /are in this window/);
    // The header keeps its height as the count changes.
    expect((await head.boundingBox())!.height).toBe(height);
  });

  test('makes room for five-digit turn numbers from its first rows, before the turns pass 9,999', async ({ page, inspector }) => {
    await page.addInitScript(() => {
      (globalThis as unknown as { rowsAhead: number }).rowsAhead = 1;
    });
    await page.addInitScript(holdIndexDone);
    await page.goto(inspector.dashboardUrl);
    await expect(page.getByTestId('timeline-row').first()).toBeVisible();
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-load-state', 'loading');
    // Two records a turn: fewer than 20,000 records read means no turn number has five digits yet.
    const read = Number(/([\d,]+) records/.exec((await page.getByTestId('row-count').textContent()) ?? '')?.[1].replace(/,/g, ''));
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(20_000);
    const fit = async () => /--fit-turn:\s*(\d+ch)/.exec((await page.getByTestId('timeline').getAttribute('style')) ?? '')?.[1];
    expect(await fit()).toBe('6ch'); // "#12345"
    await page.evaluate(() => (globalThis as unknown as { releaseIndex(): void }).releaseIndex());
    await expect(html).toHaveAttribute('data-load-state', 'done');
    expect(await fit()).toBe('6ch');
  });

  test('draws its summary and waterfall as soon as its model has arrived, while its rows still arrive', async ({ page, inspector }) => {
    expect(fs.statSync(path.join(dir, 'many.ndjson')).size).toBeGreaterThan(512 * 1024);
    await page.goto(inspector.dashboardUrl);
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-load-state', 'done');
    // Opened again, the CLI's index is built: the model comes after the first rows, ahead of `done`.
    // Its first rows, then its turns and model; the other rows wait.
    await page.addInitScript(() => {
      const w = globalThis as unknown as { holdModel: boolean; rowsAhead: number };
      w.holdModel = false;
      w.rowsAhead = 1;
    });
    await page.addInitScript(holdIndexDone);
    await page.reload();
    await expect(page.getByTestId('turn-count')).toHaveText('12,345 turns');
    await expect(html).toHaveAttribute('data-load-state', 'loading');
    await expect(page.getByTestId('summary')).toBeVisible();
    await expect(page.getByTestId('wf-bar').first()).toBeVisible();
    await expect(page.getByTestId('summary-deferred')).toHaveCount(0);
    await expect(page.getByTestId('waterfall-deferred')).toHaveCount(0);
    // The last turn is known: the turn columns fit it, not a guess from the share of rows read.
    const fit = async (testId: string, name: string) => new RegExp(`${name}:\\s*(\\d+ch)`).exec((await page.getByTestId(testId).getAttribute('style')) ?? '')?.[1];
    expect(await fit('timeline', '--fit-turn')).toBe('6ch'); // "#12345"
    expect(await fit('turns', '--fit-turn-index')).toBe('5ch'); // "12345"
    await page.evaluate(() => (globalThis as unknown as { releaseIndex(): void }).releaseIndex());
    await expect(html).toHaveAttribute('data-load-state', 'done');
    await expect(page.getByTestId('summary')).toBeVisible();
    expect(await fit('timeline', '--fit-turn')).toBe('6ch');
    expect(await fit('turns', '--fit-turn-index')).toBe('5ch');
  });
});
