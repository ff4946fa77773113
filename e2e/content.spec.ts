/**
 * Hostile and huge content in a capture: bidi controls cannot reorder what the dashboard shows, and a
 * multi-megabyte payload opens in the detail pane as a preview with "show more", not laid out whole.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { captureStart } from './sampleCapture.ts';

const RLO = '\u202E';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ri-content-'));
const file = path.join(dir, `invoice${RLO}lmth.ndjson`);
const big = 'x'.repeat(4 * 1024 * 1024);
{
  let t = Date.now() - 10_000;
  const upstream = 'wss://api.openai.com/v1/responses';
  const recs: object[] = [
    captureStart(t),
    { kind: 'conn.open', t: (t += 1), conn: 'c1', path: '/v1/responses', headers: {} },
    { kind: 'conn.upstream_open', t: (t += 5), conn: 'c1', upstream, status: 101, handshakeMs: 5 },
  ];
  const frames = [
    { type: 'response.create', model: 'gpt-5.5', input: `pay ${RLO}txt.exe now` },
    { type: 'response.created', response: { id: 'resp_1', status: 'in_progress' } },
    { type: 'response.output_text.done', item_id: 'msg_1', text: big },
    { type: 'response.completed', response: { id: 'resp_1', status: 'completed' } },
  ];
  frames.forEach((f, i) => {
    const data = JSON.stringify(f);
    recs.push({ kind: 'frame', t: (t += 10), conn: 'c1', seq: i + 1, dir: i === 0 ? 'send' : 'receive', binary: false, size: Buffer.byteLength(data), data });
  });
  fs.writeFileSync(file, recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
}
test.use({ cli: ['open', file] });

test('bidi controls show escaped, and a 4 MiB payload opens as a preview that can be expanded', async ({ dashboard: page }) => {
  // The file name: escaped, so it reads as what it is.
  await expect(page.locator('.capture-file')).toContainText('invoice\\u202Elmth.ndjson');
  const rows = page.getByTestId('timeline-row');
  await expect(rows.filter({ hasText: 'response.completed' })).toBeVisible();

  await rows.filter({ hasText: 'response.create' }).first().click();
  await expect(page.getByTestId('json-tree')).toContainText('pay \\u202Etxt.exe now');
  expect(await page.getByTestId('detail').textContent()).not.toContain(RLO);

  await rows.filter({ hasText: 'response.output_text.done' }).click();
  const tree = page.getByTestId('json-tree');
  await expect(tree.getByTestId('show-more')).toBeVisible();
  const treeChars = (await tree.textContent())!.length;
  expect(treeChars).toBeLessThan(20_000);
  await page.getByTestId('tab-raw').click();
  const raw = page.getByTestId('raw-text');
  const before = (await raw.textContent())!.length;
  expect(before).toBeLessThan(50_000);
  await raw.getByTestId('show-more').click();
  await expect.poll(async () => (await raw.textContent())!.length).toBeGreaterThan(before + 100_000);
  await page.screenshot({ path: test.info().outputPath('content.png') });
});
