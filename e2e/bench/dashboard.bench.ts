/**
 * Dashboard benchmarks (issue 4), run by `npx playwright test -c e2e/bench/bench.config.ts`, not by
 * `npm test`: numbers, not pass/fail on a shared machine. Each prints one JSON line `BENCH {...}`.
 *  - 100,000 events opened from a capture: load time, then frame intervals while scrolling.
 *  - live ingest of 5,000 events/s for 10 s through the real relay: how far the page falls behind.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test as base } from '../fixtures.ts';
import { connectAgent, startScriptedUpstream, type ScriptedUpstream } from '../liveHarness.ts';
import { writeLargeCapture } from './makeCapture.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);

async function recordCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('row-count').textContent()) ?? '';
  return Number(/([\d]+) records/.exec(text)?.[1] ?? 0);
}

/** The few browser globals the in-page measurement uses (this file is type-checked without DOM types). */
interface PageGlobals {
  document: { querySelector(sel: string): { scrollTop: number; scrollHeight: number; clientHeight: number } };
  requestAnimationFrame(cb: (now: number) => void): number;
  performance: { now(): number };
}

/** Scrolls the timeline by `step` px per animation frame for `ms`, returning frame intervals. */
function scrollFrames(page: Page, step: number, ms: number): Promise<number[]> {
  return page.evaluate(
    ([step, ms]) =>
      new Promise<number[]>((resolve) => {
        const g = globalThis as unknown as PageGlobals;
        const el = g.document.querySelector('[data-testid=timeline-scroll]');
        if (step > 0) el.scrollTop = 0; // from the top, so there is room to scroll
        const gaps: number[] = [];
        const start = g.performance.now();
        let last = start;
        const frame = (now: number) => {
          gaps.push(now - last);
          last = now;
          el.scrollTop += step;
          if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) el.scrollTop = 0;
          if (now - start < ms) g.requestAnimationFrame(frame);
          else resolve(gaps.slice(1));
        };
        g.requestAnimationFrame(frame);
      }),
    [step, ms] as const,
  );
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const stats = (gaps: number[]) => ({
  frames: gaps.length,
  fps: +(1000 / (gaps.reduce((a, b) => a + b, 0) / gaps.length)).toFixed(1),
  p50Ms: +pct(gaps, 50).toFixed(1),
  p95Ms: +pct(gaps, 95).toFixed(1),
  over20Ms: gaps.filter((g) => g > 20).length,
});

const capture = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ri-bench-')), 'large.ndjson');

base.describe('open', () => {
  const written = writeLargeCapture(capture, EVENTS);
  base.use({ cli: ['open', capture] });
  base('100k events: load, then scroll', async ({ dashboard: page }) => {
    base.setTimeout(180_000);
    const t0 = Date.now();
    await expect.poll(() => recordCount(page), { timeout: 120_000, intervals: [200] }).toBe(written);
    const loadMs = Date.now() - t0;
    const slow = stats(await scrollFrames(page, 60, 3000));
    const fast = stats(await scrollFrames(page, 2000, 3000));
    const heapMb = await page.evaluate(() => Math.round(((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1e6));
    console.log(`BENCH ${JSON.stringify({ bench: 'open+scroll', events: written, bytes: fs.statSync(capture).size, loadMs, heapMb, scroll60pxPerFrame: slow, scroll2000pxPerFrame: fast })}`);
    await page.screenshot({ path: base.info().outputPath('bench-100k.png') });
  });
});

const live = base.extend<{ upstream: ScriptedUpstream }>({
  upstream: async ({}, use) => {
    const upstream = await startScriptedUpstream();
    await use(upstream);
    await upstream.close();
  },
  cli: async ({ upstream }, use) => use(['start', '--upstream', upstream.url]),
});

live('live ingest at 5,000 events/s', async ({ dashboard: page, inspector }) => {
  live.setTimeout(120_000);
  const RATE = Number(process.env.BENCH_RATE ?? 5000);
  const SECONDS = 10;
  const agent = await connectAgent(inspector.relayUrl!);
  const frames = scrollFrames(page, 0, (SECONDS + 1) * 1000); // frame pacing while ingesting (no scrolling)
  const samples: { s: number; sent: number; shown: number }[] = [];
  const t0 = Date.now();
  const done = agent.turn('bench', { stream: RATE * SECONDS, rate: RATE });
  for (let i = 1; i <= SECONDS; i++) {
    await page.waitForTimeout(1000);
    samples.push({ s: i, sent: Math.min(RATE * SECONDS, Math.round(((Date.now() - t0) / 1000) * RATE)), shown: await recordCount(page) });
  }
  await done;
  const total = RATE * SECONDS + 8; // + start, open, upstream_open, create, created, completed ...
  const tDone = Date.now();
  await expect.poll(() => recordCount(page), { timeout: 60_000, intervals: [100] }).toBeGreaterThanOrEqual(RATE * SECONDS + 4);
  const catchUpMs = Date.now() - tDone;
  console.log(`BENCH ${JSON.stringify({ bench: 'live-ingest', rate: RATE, seconds: SECONDS, approxRecords: total, catchUpAfterLastFrameMs: catchUpMs, samples, frames: stats(await frames) })}`);
  agent.close();
});
