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
import { expect, test } from './fixtures.ts';
import { writeSampleCapture } from './sampleCapture.ts';
import { captureStart } from './sampleCapture.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ri-indexed-'));
const file = path.join(dir, 'sample.ndjson');
writeSampleCapture(file);
writeLongAnswer(path.join(dir, 'long.ndjson'));
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
  await expect.poll(() => asked.includes('/api/index/summaries')).toBe(true);
  await expect.poll(async () => (await rowSummaries(page)).filter((s) => !s.endsWith(': ')).length > 5).toBe(true);
  const summariesIndexed = await rowSummaries(page);
  expect(summariesIndexed.length).toBeGreaterThan(5);

  // The detail pane fetches the selected record.
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
