/** The dashboard on a saved capture (`open FILE`): the same views as live, from the file. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { captureStart, writeSampleCapture } from './sampleCapture.ts';

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ri-open-')), 'sample.ndjson');
writeSampleCapture(file);
test.use({ cli: ['open', file] });

test('a reopened capture shows its rows, folded deltas, turn output and the reconnect', async ({ dashboard: page }) => {
  const rows = page.getByTestId('timeline-row');
  await expect(rows.first()).toBeVisible();
  // A saved file does not grow: no tail to follow, no Pause.
  await expect(page.getByTestId('feed-status')).toContainText('file');
  await expect(page.getByTestId('pause')).toHaveCount(0);
  await expect(page.getByTestId('follow-state')).toHaveCount(0);
  // Folded deltas: one row with its count, expandable into each delta.
  const fold = page.getByTestId('fold-toggle').first();
  await expect(fold).toContainText('×');
  await fold.click();
  await expect(page.getByTestId('timeline-member').first()).toBeVisible();
  // The reconnect and the lost cache are marked on the timeline and in the connections panel.
  // r and c go to the reconnect and the cache miss (their rows may be below the fold).
  await page.getByRole('heading', { name: 'Responses Inspector' }).click();
  await page.keyboard.press('r');
  await expect(page.getByTestId('row-badge').filter({ hasText: 'reconnect ← c1' })).toBeVisible();
  await page.keyboard.press('c');
  await expect(page.getByTestId('row-badge').filter({ hasText: 'cache miss after reconnect' })).toBeVisible();
  await expect(page.locator('[data-testid=connection-card][data-conn=c2] [data-testid=connection-replaces]')).toContainText('c1');
  // The detail of the final completed response shows the JSON and the turn's assembled output.
  await rows.filter({ hasText: 'response.completed' }).last().click();
  await expect(page.getByTestId('json-tree')).toContainText('"completed"');
  await expect(page.getByTestId('turn-output')).not.toBeEmpty();
  await page.screenshot({ path: test.info().outputPath('open-capture.png') });
  // The file ends with c2 never closed: it is not "open" with a ticking countdown, it has no close
  // in the capture, and its countdown is the one at the capture's end.
  const c2 = page.locator('[data-testid=connection-card][data-conn=c2]');
  await expect(c2).toHaveAttribute('data-status', 'unclosed');
  await expect(c2.getByTestId('connection-status')).toHaveText('no close recorded');
  await expect(c2.getByTestId('countdown-text')).toContainText('(at capture end)');
  const age = await c2.getByTestId('connection-age').textContent();
  await page.waitForTimeout(1100);
  await expect(c2.getByTestId('connection-age')).toHaveText(age!);
  // Replayed from its start: a replay's empty state, nothing live (no Pause, the way back names the file).
  await page.getByTestId('replay-start').click();
  await expect(page.getByTestId('empty-state')).toContainText('Replay at its start');
  await expect(page.getByTestId('snippet-python')).toHaveCount(0);
  await expect(page.getByTestId('wf-empty')).toContainText('Replay at its start');
  await expect(page.getByTestId('pause')).toHaveCount(0);
  await expect(page.getByTestId('follow-state')).toHaveCount(0);
  // One replay control: the bar's Stop goes back to the file, with no second way beside it.
  await expect(page.getByTestId('back-to-live')).toHaveCount(0);
  await page.getByTestId('replay-stop').click();
  await expect(page.getByTestId('replay-bar')).toHaveCount(0);
  await expect(c2).toHaveAttribute('data-status', 'unclosed');
});

test.describe('a capture with many connections', () => {
  // 8 connections, one turn each: the summary's handshakes row used to list them all and push the
  // tokens row out of the panel.
  const many = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ri-open-')), 'many.ndjson');
  let t = Date.now() - 60_000;
  const recs: object[] = [captureStart(t)];
  for (let i = 1; i <= 8; i++) {
    const conn = `c${i}`;
    const frame = (seq: number, dir: string, ev: object) => ({
      kind: 'frame',
      t: (t += 50),
      conn,
      seq,
      dir,
      binary: false,
      size: JSON.stringify(ev).length,
      data: JSON.stringify(ev),
    });
    const response = { id: `resp_${i}`, status: 'completed', output: [], usage: { input_tokens: 100, output_tokens: 10, total_tokens: 110 } };
    recs.push(
      { kind: 'conn.open', t: (t += 10), conn, path: '/v1/responses', headers: {} },
      { kind: 'conn.upstream_open', t: (t += 2 * i), conn, status: 101, handshakeMs: 2 * i },
    );
    recs.push(
      frame(1, 'send', { type: 'response.create', model: 'gpt-5.5', input: [] }),
      frame(2, 'receive', { type: 'response.created', response: { ...response, status: 'in_progress', usage: null } }),
      frame(3, 'receive', { type: 'response.completed', response }),
    );
    recs.push({ kind: 'conn.close', t: (t += 5), conn, side: 'client', code: 1000, reason: '' });
  }
  fs.writeFileSync(many, recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
  test.use({ cli: ['open', many] });

  test('the summary shows every row without clipping: handshakes as p50 and max', async ({ dashboard: page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect(page.getByTestId('summary-turns')).toHaveText('8');
    const panel = (await page.getByTestId('insights-slot').boundingBox())!;
    const tokens = (await page.getByTestId('summary-tokens').boundingBox())!;
    expect(tokens.y + tokens.height).toBeLessThanOrEqual(panel.y + panel.height);
    await expect(page.getByTestId('summary-handshake-spread')).toHaveText('p50 9.0 ms · max 16 ms c8');
  });
});

test('says on <html> when the capture has loaded, with its record and turn counts (the outside-test contract)', async ({ dashboard: page }) => {
  const lines = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { kind: string; dir?: string; data?: string });
  const turns = lines.filter((r) => r.kind === 'frame' && r.dir === 'send' && r.data?.includes('"response.create"')).length;
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-load-state', 'done');
  await expect(html).toHaveAttribute('data-records', String(lines.length));
  await expect(html).toHaveAttribute('data-turns', String(turns));
  expect(turns).toBeGreaterThan(0);
});
