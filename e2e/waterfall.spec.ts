/**
 * Issue 5 against the real `responses-inspector demo --no-open`: the demo's turns appear in the
 * waterfall as bars whose numbers (data attributes, and the hover tooltip) equal the core turn model
 * computed here over the same capture file; clicking a bar selects the turn in the timeline.
 */

import fs from 'node:fs';
import path from 'node:path';
import { parseCaptureLine, type CaptureRecord } from '../src/core/capture.ts';
import { buildCaptureModel } from '../src/core/turns.ts';
import { expect, test } from './fixtures.ts';

const TERMINAL = ['completed', 'failed', 'incomplete', 'error', 'cut'];

function readCapture(dir: string): CaptureRecord[] {
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.ndjson'));
  if (!file) throw new Error(`no capture in ${dir}`);
  const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
  // The last line may be half-written while the demo runs: keep whole lines only.
  if (!lines[lines.length - 1].endsWith('}')) lines.pop();
  return lines.flatMap((l, i) => {
    if (l.trim() === '') return [];
    const rec = parseCaptureLine(l, i + 1);
    return rec ? [rec] : [];
  });
}

test('the demo turns appear as bars whose numbers match the core computation', async ({ dashboard: page, inspector }) => {
  test.setTimeout(120_000);
  const bars = page.getByTestId('wf-bar');
  await expect.poll(() => bars.evaluateAll((els) => els.filter((e) => e.getAttribute('data-status') === 'completed').length), { timeout: 30_000 }).toBeGreaterThan(2);

  const shown = await bars.evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-turn-id')!,
      index: Number(e.getAttribute('data-turn-index')),
      status: e.getAttribute('data-status')!,
      createdMs: e.getAttribute('data-created-ms')!,
      ttftMs: e.getAttribute('data-ttft-ms')!,
      totalMs: e.getAttribute('data-total-ms')!,
      agentMs: e.getAttribute('data-agent-ms')!,
    })),
  );
  // The capture on disk is at least as far as the page: every ended turn on screen is in it, final.
  const model = buildCaptureModel(readCapture(inspector.capturesDir));
  const ended = shown.filter((b) => TERMINAL.includes(b.status));
  expect(ended.length).toBeGreaterThan(2);
  for (const b of ended) {
    const turn = model.turn(b.id);
    expect(turn, `turn ${b.id} in the capture`).toBeDefined();
    const str = (v: number | undefined) => (v === undefined ? '' : String(v));
    expect({ ...b }).toEqual({
      id: turn!.id,
      index: turn!.index,
      status: turn!.status,
      createdMs: str(turn!.createdMs),
      ttftMs: str(turn!.ttftMs),
      totalMs: str(turn!.totalMs),
      agentMs: str(turn!.agentMs),
    });
  }

  // Hovering shows the numbers; clicking selects the turn's response.create row in the timeline.
  // The longest turn makes the widest bar; the live view keeps moving, so pause it first.
  const pause = page.getByRole('button', { name: /pause/i });
  if (await pause.count()) await pause.first().click();
  const target = ended.reduce((a, b) => (Number(b.totalMs) > Number(a.totalMs) ? b : a));
  const bar = page.locator(`[data-testid=wf-bar][data-turn-id="${target.id}"]`);
  // Live, the scale keeps compressing as time passes (Pause stops the timeline, not the clock), so
  // the bars slide under a resting pointer: each try points at the bar where it is now.
  await expect(async () => {
    await bar.hover();
    await expect(page.getByTestId('wf-tooltip')).toContainText(`Turn #${target.index}`, { timeout: 500 });
  }).toPass();
  await expect(page.getByTestId('wf-tooltip')).toContainText('to first token');
  // All of it can be read: the pane is shorter than a turn's numbers, which it would cut off.
  await expect(page.getByTestId('wf-tooltip')).toBeInViewport({ ratio: 1 });
  // The zoom and pan buttons say what they do, and the mouse's way to do it, on hover.
  const tools = await page.getByTestId('wf-tools').getByRole('button').all();
  expect(tools.length).toBe(5);
  for (const b of tools) expect(await b.getAttribute('title'), (await b.getAttribute('aria-label')) ?? 'Fit').toMatch(/\w{4}/);
  await expect(async () => {
    await bar.click();
    await expect(page.getByTestId('turn-detail')).toContainText(`Turn #${target.index}`, { timeout: 500 });
  }).toPass();

  // The summary counts the same turns.
  await expect.poll(async () => Number(await page.getByTestId('summary-turns').getAttribute('data-value'))).toBeGreaterThanOrEqual(shown.length);
  // Every axis label is inside the chart (the last one sits on its right edge), and a summary value
  // never wraps before its unit (one line box each).
  const clipped = await page.evaluate(`(() => {
    const svg = document.querySelector('[data-testid=waterfall] svg.recharts-surface');
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('.recharts-cartesian-axis-tick-value')].filter((t) => t.getBoundingClientRect().right > box.right + 0.5).map((t) => t.textContent);
  })()`);
  expect(clipped).toEqual([]);
  for (const id of ['summary-ttft-p50', 'summary-ttft-p95', 'summary-total-p95']) {
    expect(await page.evaluate(`document.querySelector('[data-testid=${id}]').getClientRects().length`), id).toBe(1);
  }
  await page.getByTestId('waterfall').screenshot({ path: test.info().outputPath('waterfall.png') });
});
