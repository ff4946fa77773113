/**
 * Paired A/B of the dashboard scroll figure: one capture, one Chromium, one page per build (this
 * checkout's and any other checkout's `dist/`), scrolled in turn, so both builds see the same load
 * on a shared machine. Per run it reads the renderer's own counters (no tracing: it would cost
 * frames): main-thread CPU per frame is the steadier figure under load, fps and missed vsyncs the
 * ones the target is set in.
 *   node --import tsx server/bench/scrollAB.ts RECORDS [OTHER_CHECKOUT ...]
 * Env: ROUNDS (default 6), CSS_<n> (a style sheet injected into the n-th page, 0 = this checkout,
 * for experiments). Medians and spreads per build go to stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from '../paths.ts';
import { frameStats, launch, SCROLL_SCRIPT, untilLoaded } from './dashboardBench.ts';
import { makeCapture } from './makeCapture.ts';

const records = Number(process.argv[2] ?? 100_000);
const roots = [ROOT, ...process.argv.slice(3).map((r) => path.resolve(r))];
const rounds = Number(process.env.ROUNDS ?? 6);
const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-ab-'));
const file = path.join(dir, 'capture.ndjson');
await makeCapture(file, records);

function serve(root: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(root, 'server/bin/responses-inspector.mjs'), 'open', file, '--port', '0', '--no-open'], { cwd: root });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c;
      const m = /^dashboard: (\S+)$/m.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', () => reject(new Error(`the CLI of ${root} exited early`)));
  });
}

const loaded = (page: Page) => untilLoaded(page, records);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[], d = 1) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;

const servers = await Promise.all(roots.map(serve));
const browser = await launch();
try {
  const pages: Page[] = [];
  for (const [i, s] of servers.entries()) {
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    await page.goto(s.url);
    await loaded(page);
    const css = process.env[`CSS_${i}`];
    if (css) await page.addStyleTag({ content: css });
    pages.push(page);
  }
  const results = roots.map(() => ({ fps: [] as number[], p95: [] as number[], missed: [] as number[], cpu: [] as number[] }));
  const load: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which build goes first, so neither always follows the other's garbage.
    const order = r % 2 ? [...pages.keys()].reverse() : [...pages.keys()];
    for (const i of order) {
      const page = pages[i];
      await page.bringToFront();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const thread = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0) * 1000;
      const before = await thread();
      const f = frameStats((await page.evaluate(SCROLL_SCRIPT)) as number[]);
      const cpu = ((await thread()) - before) / f.frames;
      await cdp.detach();
      load.push(os.loadavg()[0]);
      results[i].fps.push(f.fps);
      results[i].p95.push(f.p95FrameMs);
      results[i].missed.push(f.missedPct);
      results[i].cpu.push(cpu);
      console.log(
        `round ${r} ${roots[i]}: ${f.fps.toFixed(1)} fps, p95 ${f.p95FrameMs.toFixed(1)} ms, missed ${f.missedPct.toFixed(0)}%, main CPU ${cpu.toFixed(2)} ms/frame, load ${os.loadavg()[0].toFixed(1)}`,
      );
    }
  }
  console.log(`\n${records.toLocaleString('en')} records, ${rounds} rounds, load ${spread(load)}`);
  for (const [i, x] of results.entries())
    console.log(
      `${roots[i]}: fps ${median(x.fps).toFixed(1)} (${spread(x.fps)}), p95 ${median(x.p95).toFixed(1)} ms (${spread(x.p95)}), missed a vsync ${median(x.missed).toFixed(0)}% (${spread(x.missed, 0)}), main CPU ${median(x.cpu).toFixed(2)} ms/frame (${spread(x.cpu, 2)})`,
    );
  if (results.length > 1) {
    const ratio = results[0].cpu.map((c, k) => c / results[1].cpu[k]);
    console.log(`CPU per frame, this checkout / the first other, paired: ${median(ratio).toFixed(2)}× (${spread(ratio, 2)})`);
  }
} finally {
  await browser.close();
  for (const s of servers) s.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
