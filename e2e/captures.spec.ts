/**
 * Captures in the dashboard: open one from the captures list, drop a HAR or a capture on
 * the page (bad lines reported, unknown versions refused), export JSON, and replay with play, pause,
 * speed and the scrubber (timeline and countdown at the playhead).
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, ROOT, test, toTimelineEnd } from './fixtures.ts';
import { writeSampleCapture } from './sampleCapture.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ri-captures-'));
const sample = path.join(dir, 'sample.ndjson');
writeSampleCapture(sample);
const sampleRecords = fs
  .readFileSync(sample, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { kind: string; t: number; conn?: string });
const HAR = path.join(ROOT, 'server', 'testing', 'fixtures', 'chrome-devtools-websocket.har');

/** Rows in the timeline's view (it is virtualized: the count is on the grid). */
async function rowCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('timeline').getAttribute('aria-rowcount'));
}

/**
 * Drops a file on the page the way a browser does (a DataTransfer with one File). Page code is
 * passed as text: the e2e files are type-checked without the DOM library.
 */
async function dropFile(page: Page, name: string, text: string) {
  await page.evaluate(`(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(name)}, { type: 'application/octet-stream' }));
    for (const type of ['dragenter', 'dragover', 'drop']) window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  })()`);
}

/** Moves a range input the way a user does (React listens for 'input'). */
async function setRange(page: Page, testId: string, value: number) {
  await page.evaluate(`(() => {
    const input = document.querySelector('[data-testid=${testId}]');
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, ${JSON.stringify(String(value))});
    input.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);
}

test.describe('captures list, drop and export on a live relay', () => {
  test('opens a listed capture, goes back to live, opens a dropped HAR', async ({ dashboard: page, inspector }) => {
    fs.copyFileSync(sample, path.join(inspector.capturesDir, 'sample.ndjson'));
    await page.getByTestId('captures-button').click();
    const item = page.locator('[data-testid=capture-item][data-name="sample.ndjson"]');
    await expect(item).toBeVisible();
    // The demo's own capture is listed too, marked live.
    await expect(page.getByTestId('captures-panel')).toContainText('● live');
    await page.screenshot({ path: test.info().outputPath('captures-list.png') });
    await item.getByTestId('capture-open').click();

    await expect(page.getByTestId('source-badge')).toContainText('sample.ndjson');
    await expect(page.getByTestId('feed-status')).toHaveCount(0);
    // A saved capture opens at its first rows; the reconnect is near its end.
    await expect(page.locator('[data-testid=timeline-row][aria-rowindex="1"]')).toBeInViewport();
    await toTimelineEnd(page);
    await expect(page.getByTestId('row-badge').filter({ hasText: 'reconnect ← c1' })).toBeVisible();
    await expect(page.getByTestId('timeline-row').filter({ hasText: 'response.completed' }).first()).toBeVisible();
    // Only the file's connections: the demo's live traffic is not mixed in.
    await expect(page.getByTestId('connection-card')).toHaveCount(2);
    await expect(page.getByTestId('row-count')).toContainText(`${sampleRecords.length.toLocaleString('en-US')} records`);

    await page.getByTestId('back-to-live').click();
    await expect(page.getByTestId('feed-status')).toHaveAttribute('data-status', 'open');
    await expect(page.getByTestId('source-badge')).toHaveCount(0);

    await page.getByTestId('file-input').setInputFiles(HAR);
    await expect(page.getByTestId('source-badge')).toContainText('chrome-devtools-websocket.har');
    await expect(page.getByTestId('timeline-row').filter({ hasText: 'response.create' }).first()).toBeVisible();
    await expect(page.getByTestId('connection-card').first()).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('dropped-har.png') });
  });

  test('the Captures menu loads a large folder a page at a time, and the oldest file opens', async ({ dashboard: page, inspector }) => {
    // 250 files and two listings on top of the demo: more than the default budget on a loaded machine.
    test.slow();
    const text = fs.readFileSync(sample, 'utf8');
    const base = Date.parse('2026-01-01T00:00:00Z') / 1000;
    for (let i = 0; i < 250; i++) {
      const file = path.join(inspector.capturesDir, `old-${String(i).padStart(3, '0')}.ndjson`);
      fs.writeFileSync(file, text);
      fs.utimesSync(file, base + i, base + i);
    }
    await page.getByTestId('captures-button').click();
    await expect(page.getByTestId('capture-item').first()).toBeVisible();
    const oldest = page.locator('[data-testid=capture-item][data-name="old-000.ndjson"]');
    await expect(oldest).toHaveCount(0);
    await expect(page.getByTestId('capture-item')).toHaveCount(200);
    await page.getByTestId('captures-more').click();
    await expect(page.getByTestId('captures-more')).toHaveCount(0);
    await expect(oldest).toBeVisible();
    await oldest.getByTestId('capture-open').click();
    await expect(page.getByTestId('source-badge')).toContainText('old-000.ndjson');
    await expect(page.getByTestId('row-count')).toContainText(`${sampleRecords.length.toLocaleString('en-US')} records`);
  });

  test('a large capture shows a progress bar while it loads, and what is loaded is usable meanwhile', async ({ dashboard: page, inspector }) => {
    // ~2.5 MB: the sample, then thousands of deltas on c2, served at 1 MB/s.
    const lines = fs.readFileSync(sample, 'utf8').trim().split('\n');
    const last = sampleRecords[sampleRecords.length - 1].t;
    const pad = 'x'.repeat(400);
    for (let i = 0; i < 5000; i++) {
      const data = JSON.stringify({ type: 'response.output_text.delta', item_id: `msg_${i % 2}`, output_index: 0, content_index: 0, delta: `${i} ${pad}` });
      lines.push(JSON.stringify({ kind: 'frame', t: last + 1 + i, conn: 'c2', seq: 3 + i, dir: 'receive', binary: false, size: data.length, data }));
    }
    fs.writeFileSync(path.join(inspector.capturesDir, 'large.ndjson'), lines.join('\n') + '\n');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: 1_000_000, uploadThroughput: 1_000_000 });
    await page.getByTestId('captures-button').click();
    await page.locator('[data-testid=capture-item][data-name="large.ndjson"]').getByTestId('capture-open').click();
    const bar = page.getByTestId('load-progress');
    // While loading: the bar and rows at the same moment, and a row can be opened.
    // Polled from here: a string predicate polled inside the page is eval'd, which the dashboard's CSP refuses.
    const loadingWithRows = () =>
      page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document;
        return doc.querySelector('[data-testid=load-progress]') !== null && Number(doc.querySelector('[data-testid=timeline]')?.getAttribute('aria-rowcount')) > 0;
      });
    // The percentage beside "opening NAME…", and where the list is, at one moment of the load.
    const loadingLook = () =>
      page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null; getBoundingClientRect(): { y: number } } | null } }).document;
        return {
          percent: doc.querySelector('[data-testid=load-progress-text]')?.textContent ?? null,
          listTop: doc.querySelector('[data-testid=timeline]')?.getBoundingClientRect().y,
        };
      });
    let whileLoading: Awaited<ReturnType<typeof loadingLook>> = { percent: null, listTop: undefined };
    await expect
      .poll(
        async () => {
          if (!(await loadingWithRows())) return false;
          whileLoading = await loadingLook();
          return whileLoading.percent !== null;
        },
        { intervals: [20] },
      )
      .toBe(true);
    await page.screenshot({ path: test.info().outputPath('large-loading.png') });
    await page.getByTestId('timeline-row').first().click();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('json-tree')).toBeVisible();
    await expect(bar).toHaveCount(0, { timeout: 20_000 });
    expect(whileLoading.percent).toMatch(/^\d+%$/);
    // The progress takes no line of its own: nothing moves when it comes or goes.
    expect((await loadingLook()).listTop).toBe(whileLoading.listTop);
    await expect(page.getByTestId('load-progress-text')).toHaveCount(0);
    await expect(page.getByTestId('row-count')).toContainText(`${lines.length.toLocaleString('en-US')} records`);
  });

  test('a dropped capture reports its bad lines; an unknown version is refused and the view stays', async ({ dashboard: page }) => {
    const lines = fs.readFileSync(sample, 'utf8').trim().split('\n');
    lines.splice(2, 0, '{"kind":"frame", this is not json');
    await dropFile(page, 'broken.ndjson', lines.join('\n') + '\n{"kind":"frame","t":1');
    await expect(page.getByTestId('source-badge')).toContainText('broken.ndjson');
    const warning = page.getByTestId('alert').filter({ hasText: 'skipped in broken.ndjson' });
    await expect(warning).toContainText('line 3');
    await expect(warning).toContainText(`line ${lines.length + 1}`);
    await expect(page.getByTestId('row-count')).toContainText(`${sampleRecords.length.toLocaleString('en-US')} records`);
    await warning.getByRole('button', { name: 'Dismiss' }).click();
    await expect(warning).toHaveCount(0);

    const future = fs.readFileSync(sample, 'utf8').replace('"version":1', '"version":99');
    await dropFile(page, 'future.ndjson', future);
    await expect(page.getByTestId('alert').filter({ hasText: 'Could not open future.ndjson' })).toContainText('version');
    // Refused: the capture shown before is still there.
    await expect(page.getByTestId('source-badge')).toContainText('broken.ndjson');
    await page.screenshot({ path: test.info().outputPath('bad-input.png') });
  });
});

test.describe('export and replay of an opened capture', () => {
  test.use({ cli: ['open', sample] });

  test('exports the JSON timeline: everything from the server, the searched view from the browser', async ({ dashboard: page }) => {
    await expect(page.getByTestId('timeline-row').first()).toBeVisible();
    await page.getByTestId('export-scope').selectOption('all');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    expect(download.suggestedFilename()).toBe('sample.timeline.json');
    const doc = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as {
      format: string;
      version: number;
      events: { kind: string; data?: string }[];
      turns: unknown[];
      filter: unknown;
    };
    expect(doc.format).toBe('responses-inspector.timeline');
    expect(doc.version).toBe(1);
    expect(doc.filter).toBeNull();
    expect(doc.events.length).toBe(sampleRecords.filter((r) => r.kind !== 'capture.start' && r.kind !== 'capture.end').length);

    // A text search exists only in the page: the filtered export is built there, with what is shown.
    await page.getByTestId('export-scope').selectOption('filtered');
    await page.keyboard.press('/');
    await page.keyboard.type('previous_response_not_found');
    await expect(page.getByTestId('timeline-row')).toHaveCount(1);
    const [filtered] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    expect(filtered.suggestedFilename()).toBe('sample.filtered.timeline.json');
    const part = JSON.parse(fs.readFileSync((await filtered.path())!, 'utf8')) as typeof doc;
    expect(part.format).toBe('responses-inspector.timeline');
    expect(part.events.length).toBe(1);
    expect(part.events[0].data).toContain('previous_response_not_found');

    const [har] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-har').click()]);
    const harDoc = JSON.parse(fs.readFileSync((await har.path())!, 'utf8')) as { log: { version: string; entries: { _webSocketMessages: unknown[] }[] } };
    expect(harDoc.log.version).toBe('1.2');
    expect(harDoc.log.entries.length).toBeGreaterThan(0);
  });

  test('replays: nothing at the start, everything at max speed, the middle with its countdown', async ({ dashboard: page }) => {
    await expect(page.getByTestId('timeline-row').first()).toBeVisible();
    const total = await rowCount(page);
    expect(total).toBeGreaterThan(10);

    await page.getByTestId('replay-start').click();
    const bar = page.getByTestId('replay-bar');
    await expect(bar).toHaveAttribute('data-playing', 'false');
    await expect(page.getByTestId('timeline')).toHaveAttribute('aria-rowcount', '0');
    await expect(page.getByTestId('connection-card')).toHaveCount(0);
    // At its start a replay says so (not the live "No agent connected yet"), with no live-only controls.
    await expect(page.getByTestId('empty-state')).toHaveAttribute('data-kind', 'replay');
    await expect(page.getByTestId('pause')).toHaveCount(0);
    await expect(page.getByTestId('follow-state')).toHaveCount(0);

    await page.getByTestId('replay-speed-max').click();
    await page.getByTestId('replay-play').click();
    await expect(bar).toHaveAttribute('data-playing', 'false');
    await expect(page.getByTestId('timeline')).toHaveAttribute('aria-rowcount', String(total));

    // The scrubber to the middle: fewer rows, and c1's countdown counts from its 101 to the playhead.
    const start = sampleRecords[0].t;
    const end = Math.max(...sampleRecords.map((r) => r.t));
    const middle = (start + end) / 2;
    await setRange(page, 'replay-scrubber', middle);
    const due = sampleRecords.filter((r) => r.t <= middle).length;
    expect(due).toBeLessThan(sampleRecords.length);
    await expect(page.getByTestId('row-count')).toContainText(`${due.toLocaleString('en-US')} records`);
    const shown = await rowCount(page);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(total);
    const playhead = Number(await bar.getAttribute('data-t'));
    expect(Math.abs(playhead - middle)).toBeLessThan(1);

    const c1 = page.locator('[data-testid=connection-card][data-conn=c1]');
    await expect(c1).toHaveAttribute('data-status', 'open');
    await expect(page.locator('[data-testid=connection-card][data-conn=c2]')).toHaveCount(0);
    const opened = sampleRecords.find((r) => r.kind === 'conn.upstream_open' && r.conn === 'c1')!.t;
    const left = Math.floor((3_600_000 - (playhead - opened)) / 1000);
    const fmt = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} left`;
    await expect(c1.getByTestId('countdown-text')).toHaveText(fmt(left));
    // Paused, the clock stays at the playhead (no wall-clock ticking).
    await page.waitForTimeout(1200);
    await expect(c1.getByTestId('countdown-text')).toHaveText(fmt(left));
    await page.screenshot({ path: test.info().outputPath('replay-middle.png') });

    // 10x from the middle reaches the end and shows everything again.
    await page.getByTestId('replay-speed-10').click();
    await page.getByTestId('replay-play').click();
    await expect(page.getByTestId('timeline')).toHaveAttribute('aria-rowcount', String(total));
    await page.getByTestId('replay-stop').click();
    await expect(bar).toHaveCount(0);
    await expect(page.getByTestId('timeline')).toHaveAttribute('aria-rowcount', String(total));
  });
});
