import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../paths.ts';
import { launch, liveIngest, openLargeCapture, scrollTimeline } from './dashboardBench.ts';
import { exportLargeCapture } from './exportBench.ts';
import { harVsJson, rttDuringExport } from './exportStallBench.ts';
import { indexLargeCapture } from './indexBench.ts';
import { rssGrowth, runTrial, SCENARIOS, startUpstream, type Trial } from './relayBench.ts';
import { startupRatios } from './startupBench.ts';

/**
 * `npm run bench`: every figure measured against a direct connection in the same run, repeated,
 * reported as median ratio with its spread. Results: a table on stdout and .artifacts/bench.json.
 */
const TRIALS = Number(process.env.BENCH_TRIALS ?? 3);
/** BENCH_ONLY=relay|dashboard|scroll|export|index|startup runs one part; BENCH_RECORDS scales the capture-load figures. */
const ONLY = process.env.BENCH_ONLY;
const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
const rows: string[][] = [];
const results: Record<string, unknown> = {};

// The CLIs this run starts keep their saved indexes here, not in the user's cache (a million
// records' index is ~150 MB); the dashboard figures that read one give their own folder.
const storeDir = mkdtempSync(path.join(os.tmpdir(), 'ri-bench-indexes-'));
process.env.RESPONSES_INSPECTOR_CACHE ??= storeDir;
process.on('exit', () => rmSync(storeDir, { recursive: true, force: true }));

const upstream = await startUpstream();
try {
  for (const s of ONLY && ONLY !== 'relay' ? [] : SCENARIOS) {
    const trials: Trial[] = [];
    for (let i = 0; i < TRIALS; i++) trials.push(await runTrial(upstream.url, s));
    results[s.name] = trials;
    const cpu = median(trials.map((t) => t.relayCpuUsPerFrame ?? 0)).toFixed(1);
    if (s.mode === 'rtt') {
      const p50 = trials.map((t) => t.relay.p50us / t.direct.p50us);
      const p99 = trials.map((t) => t.relay.p99us / t.direct.p99us);
      rows.push([
        `${s.name}: p50`,
        `${median(trials.map((t) => t.direct.p50us)).toFixed(0)} µs`,
        `${median(trials.map((t) => t.relay.p50us)).toFixed(0)} µs`,
        `${median(p50).toFixed(2)}×`,
        spread(p50),
        cpu,
      ]);
      rows.push([
        `${s.name}: p99`,
        `${median(trials.map((t) => t.direct.p99us)).toFixed(0)} µs`,
        `${median(trials.map((t) => t.relay.p99us)).toFixed(0)} µs`,
        `${median(p99).toFixed(2)}×`,
        spread(p99),
        cpu,
      ]);
    } else {
      const key = s.size > 1000 ? 'mbPerSec' : 'framesPerSec';
      const unit = s.size > 1000 ? 'MB/s' : 'frames/s';
      const r = trials.map((t) => t.relay[key] / t.direct[key]);
      rows.push([
        `${s.name}: throughput`,
        `${median(trials.map((t) => t.direct[key])).toFixed(0)} ${unit}`,
        `${median(trials.map((t) => t.relay[key])).toFixed(0)} ${unit}`,
        `${median(r).toFixed(2)}×`,
        spread(r),
        cpu,
      ]);
    }
    process.stdout.write(`done: ${s.name}\n`);
  }
  if (!ONLY || ONLY === 'relay') {
    const rss = await rssGrowth(upstream.url, 50_000);
    results.rssGrowthMb = rss;
    rows.push(['relay RSS after 50k / 100k / 200k more frames', '', rss.map((x) => `${x.toFixed(0)} MB`).join(' / '), '', '', '']);
  }
  if (!ONLY || ONLY === 'startup') {
    const s = await startupRatios(9);
    results.startup = s;
    const fmt = (r: number[]) => [`${r[0].toFixed(2)}×`, `${r[1].toFixed(2)}–${r[2].toFixed(2)}`];
    rows.push(['CLI --help (vs node -e 0; target ≤ 3×)', `${s.nodeMs.toFixed(0)} ms`, `${s.helpMs.toFixed(0)} ms`, ...fmt(s.help), '']);
    rows.push(['CLI export, 200-record capture (vs node -e 0)', `${s.nodeMs.toFixed(0)} ms`, `${s.exportMs.toFixed(0)} ms`, ...fmt(s.export), '']);
    rows.push(['CLI start to its first line (vs node printing one line)', `${s.nodeFirstLineMs.toFixed(0)} ms`, `${s.startFirstLineMs.toFixed(0)} ms`, ...fmt(s.start), '']);
  }
  if (!ONLY || ONLY === 'export') {
    const e = await exportLargeCapture(RECORDS);
    results.export = e;
    rows.push([
      `export CLI, ${e.records.toLocaleString('en')} records (${e.fileMb.toFixed(0)} MB) to JSON`,
      '',
      `${e.seconds.toFixed(1)} s, peak RSS ${e.peakRssMb.toFixed(0)} MB`,
      '',
      '',
      '',
    ]);
    // A HAR costs about what the JSON costs, however many connections (it was quadratic in them).
    const conns = Number(process.env.BENCH_CONNS ?? 100_000);
    const hv = await harVsJson(conns);
    results.harVsJson = hv;
    rows.push([
      `export CLI, ${conns.toLocaleString('en')} connections (${hv.fileMb.toFixed(0)} MB): HAR vs JSON`,
      `${hv.jsonSeconds.toFixed(1)} s (JSON)`,
      `${hv.harSeconds.toFixed(1)} s (HAR)`,
      `${(hv.harSeconds / hv.jsonSeconds).toFixed(2)}×`,
      '',
      '',
    ]);
    // The dashboard's Export HAR runs on the relay's thread: what it costs an agent's round trip.
    const stall: Awaited<ReturnType<typeof rttDuringExport>>[] = [];
    for (let i = 0; i < TRIALS; i++) stall.push(await rttDuringExport(upstream.url, 20_000));
    results.rttDuringExport = stall;
    const us = (x: number) => `${(x / 1000).toFixed(2)} ms`;
    for (const k of ['p50us', 'p99us', 'maxus'] as const) {
      const r = stall.map((s) => s.exporting[k] / s.idle[k]);
      rows.push([
        `agent RTT ${k.slice(0, -2)} during dashboard Export HAR of 20,000 connections (no export → exporting)`,
        us(median(stall.map((s) => s.idle[k]))),
        us(median(stall.map((s) => s.exporting[k]))),
        `${median(r).toFixed(2)}×`,
        spread(r),
        '',
      ]);
    }
  }
  if (!ONLY || ONLY === 'index') {
    // The CLI's index of a large capture (open FILE indexes at launch): the page's first rows and the whole index.
    const ix = await indexLargeCapture(RECORDS, TRIALS);
    results.index = ix;
    const col = (k: 'firstRowsSeconds' | 'doneSeconds' | 'cpuSeconds' | 'peakRssMb', digits = 2) => {
      const xs = ix.trials.map((t) => t[k]);
      return `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
    };
    rows.push([
      `CLI index of ${ix.records.toLocaleString('en')} records (${ix.fileMb.toFixed(0)} MB), open FILE: first rows / done s, CPU s, peak RSS MB`,
      '',
      `${col('firstRowsSeconds')} / ${col('doneSeconds')} s, CPU ${col('cpuSeconds')} s, ${col('peakRssMb', 0)} MB`,
      '',
      '',
      '',
    ]);
  }
  if (!ONLY || ONLY === 'dashboard') {
    const browser = await launch();
    try {
      // Through the CLI's index (the page opened at launch, then once the index is built), then with
      // the page reading the whole file (the path before the index).
      for (const [key, mode, how] of [
        ['open', 'launch', "the CLI's index, the page opened at launch"],
        ['openBuilt', 'built', "the CLI's index, the page opened once it is built"],
        ['openSaved', 'saved', 'opened again: the index the first open saved, the page opened at launch'],
        ['openInPage', 'page', 'the page reading the file'],
      ] as const) {
        const open = await openLargeCapture(browser, RECORDS, mode);
        results[key] = open;
        rows.push([
          `dashboard opens ${open.records.toLocaleString('en')} records (${open.fileMb.toFixed(0)} MB), ${how}`,
          '',
          `done ${open.seconds.toFixed(1)} s after the page opened (${open.fromLaunchSeconds.toFixed(1)} s after launch), first rows ${open.firstRowsSeconds.toFixed(1)} s, turn list ${open.turnListSeconds.toFixed(1)} s, peak JS heap ${open.peakHeapMb.toFixed(0)} MB, tab RSS ${open.peakTabRssMb.toFixed(0)} MB (private ${open.peakTabPrivateMb.toFixed(0)} MB), CLI RSS ${open.cliPeakRssMb.toFixed(0)} MB`,
          '',
          '',
          '',
        ]);
      }
      // The live target: 20,000 events/s for 30 s, every record shown when the stream ends.
      const ingest = await liveIngest(browser, upstream.url, 20_000, 30);
      results.ingest = ingest;
      rows.push([
        'dashboard live ingest, 20,000 events/s for 30 s',
        '',
        `${ingest.shownAtEnd.toLocaleString('en')} of ${ingest.sent.toLocaleString('en')} records shown when the stream ended; ${ingest.shownFinally === ingest.sent ? 'all' : `only ${ingest.shownFinally.toLocaleString('en')}`} ${ingest.catchUpMs} ms later; lag at most ${ingest.maxLag.toLocaleString('en')} records; tab CPU ${ingest.tabCpuUsPerRecord.toFixed(0)} µs/record; tab RSS ${ingest.peakTabRssMb.toFixed(0)} MB, JS heap ${ingest.peakHeapMb.toFixed(0)} MB`,
        '',
        '',
        '',
      ]);
      // The late-browser target: as fast as `open FILE` of the same capture would be.
      rows.push([
        `dashboard opened late on the live capture (${ingest.late.records.toLocaleString('en')} records)`,
        '',
        `every view done ${ingest.late.seconds.toFixed(1)} s after the page opened; tab RSS ${ingest.late.peakTabRssMb.toFixed(0)} MB (private ${ingest.late.peakTabPrivateMb.toFixed(0)} MB), JS heap ${ingest.late.heapMb.toFixed(0)} MB`,
        '',
        '',
        '',
      ]);
    } finally {
      await browser.close();
    }
  }
  // Scrolling, at 100,000 rows and at the large capture's size (BENCH_ONLY=scroll runs only this).
  if (!ONLY || ONLY === 'dashboard' || ONLY === 'scroll') {
    const browser = await launch();
    try {
      for (const n of [100_000, RECORDS]) {
        const scroll = await scrollTimeline(browser, n);
        results[`scroll${n}`] = scroll;
        rows.push([
          `dashboard scroll, ${n.toLocaleString('en')} events`,
          '',
          `${scroll.fps.toFixed(0)} fps, p95 frame ${scroll.p95FrameMs.toFixed(1)} ms, ${scroll.missedPct.toFixed(0)}% of frames missed a vsync, max ${scroll.maxFrameMs.toFixed(1)} ms`,
          '',
          '',
          '',
        ]);
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  upstream.stop();
}

const header = ['figure', 'direct', 'relay (capture on, 1 dashboard)', 'ratio (median)', `spread (${TRIALS} trials)`, 'relay CPU µs/frame'];
const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
process.stdout.write(`\n${table}\n`);
mkdirSync(path.join(ROOT, '.artifacts'), { recursive: true });
writeFileSync(path.join(ROOT, '.artifacts', 'bench.json'), JSON.stringify({ when: new Date().toISOString(), results, table }, null, 2));
