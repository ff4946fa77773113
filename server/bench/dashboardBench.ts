import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { ROOT } from '../paths.ts';
import { makeCapture } from './makeCapture.ts';
import { tabCpuSeconds, tabPrivateMb, tabRssMb } from './tabMemory.ts';

/**
 * Dashboard figures for `npm run bench` (issues 4, 6, 9), in Debian's Chromium against the real CLI:
 * opening a large capture (time until every record is in the timeline, and the tab's memory),
 * scrolling 100,000 events (frame times), and live ingest at a paced rate (does the page keep up,
 * its lag over time, the tab's memory).
 */
const BIN = path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

async function cliUrl(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; lines: Record<string, string> }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, CI: '1', ...env } });
  let out = '';
  const lines = await new Promise<Record<string, string>>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c;
      const m = Object.fromEntries([...out.matchAll(/^(relay|dashboard|capture): (\S+)$/gm)].map((x) => [x[1], x[2]]));
      // `start` prints its lines one write each: wait for the capture's too (live ingest counts its lines).
      if (m.dashboard && (args[0] === 'open' || (m.relay && m.capture))) resolve(m);
    });
    child.on('exit', () => reject(new Error('the CLI exited early')));
  });
  return { child, lines };
}

/** The record count the timeline's status line shows ("… rows · N records"). */
async function recordCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('row-count').textContent()) ?? '';
  const m = /([\d,]+) records/.exec(text);
  return m ? Number(m[1].replace(/,/g, '')) : 0;
}

/**
 * Marks, in the page, the first frame drawn with records in the status line (`__firstRows`) and the
 * first with a row of the turn list (`__turnList`), ms after the page's time origin. Polling from the
 * test would see them late: the page's thread is busy while rows arrive, and each poll waits for it.
 */
async function markFirstRows(page: Page): Promise<void> {
  await page.addInitScript(() => {
    // The page's globals, typed here (the server is type-checked without the DOM's types).
    const w = globalThis as unknown as {
      __firstRows?: number;
      __turnList?: number;
      document: { querySelector(s: string): { textContent: string | null } | null };
      MutationObserver: new (fn: () => void) => { observe(target: unknown, opts: object): void; disconnect(): void };
      requestAnimationFrame(fn: () => void): number;
    };
    const seen = new w.MutationObserver(() => {
      if (w.__firstRows === undefined && /[1-9][\d,]* records/.test(w.document.querySelector('[data-testid=row-count]')?.textContent ?? '')) {
        w.__firstRows = -1;
        w.requestAnimationFrame(() => {
          w.__firstRows = performance.now();
        });
      }
      if (w.__turnList === undefined && w.document.querySelector('[data-testid=turn-row]')) {
        w.__turnList = -1;
        w.requestAnimationFrame(() => {
          w.__turnList = performance.now();
        });
      }
      if ((w.__firstRows ?? -1) >= 0 && (w.__turnList ?? -1) >= 0) seen.disconnect();
    });
    seen.observe(w.document, { subtree: true, childList: true, characterData: true });
  });
}

/** One CDP session per page: a new session per sample would pile up in a long run. */
const cdpSessions = new WeakMap<Page, Promise<CDPSession>>();

async function heapMb(page: Page): Promise<number> {
  let session = cdpSessions.get(page);
  if (!session) {
    session = page
      .context()
      .newCDPSession(page)
      .then(async (cdp) => {
        await cdp.send('Performance.enable');
        return cdp;
      });
    cdpSessions.set(page, session);
  }
  const { metrics } = await (await session).send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
}

/**
 * How the page meets a large capture: `launch`, the page opened with `open FILE` (the CLI builds
 * its index meanwhile); `built`, the page opened once the CLI has built it (the page's own share);
 * `saved`, a second `open FILE` of a capture the first one indexed and saved (indexStore.ts);
 * `page`, the index threshold raised above the file's size, so the page reads the whole file.
 */
export type OpenMode = 'launch' | 'built' | 'saved' | 'page';

/** Writes an N-record capture, serves it with `open FILE` as `mode` says, and opens a page on it. */
async function openGenerated(browser: Browser, records: number, mode: OpenMode) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-dbench-'));
  const file = path.join(dir, 'capture.ndjson');
  const store = path.join(dir, 'indexes');
  const { bytes } = await makeCapture(file, records);
  const env: Record<string, string> = mode === 'page' ? { RESPONSES_INSPECTOR_INDEX_MIN_BYTES: String(bytes + 1) } : { RESPONSES_INSPECTOR_CACHE: store };
  if (mode === 'saved') {
    const first = await cliUrl(['open', file, '--port', '0', '--no-open'], env);
    await untilIndexed(first.lines.dashboard);
    // Saved once no page has read the index for a few seconds.
    for (let t0 = Date.now(); !(existsSync(store) && readdirSync(store).some((f) => f.endsWith('.index'))); ) {
      if (Date.now() - t0 > 120_000) throw new Error('the index was not saved');
      await new Promise((r) => setTimeout(r, 200));
    }
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGTERM');
    await exited;
  }
  const launched = Date.now();
  const { child, lines } = await cliUrl(['open', file, '--port', '0', '--no-open'], env);
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  return {
    page,
    bytes,
    launched,
    url: lines.dashboard,
    /** The CLI's peak resident memory so far (VmHWM), MB; 0 where /proc is not available. */
    cliPeakRssMb(): number {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return m ? Number(m[1]) / 1024 : 0;
      } catch {
        return 0;
      }
    },
    async close() {
      await page.close();
      // Gone before its folder is: it may be saving its index there.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OpenFigures {
  records: number;
  fileMb: number;
  /** Through the CLI's index (the default for a capture this size), or the page reading the file. */
  indexed: boolean;
  /** From the page's navigation until `data-load-state="done"`: every view computed. */
  seconds: number;
  /** From the CLI's launch (`open FILE` starts indexing then) until done. */
  fromLaunchSeconds: number;
  cliPeakRssMb: number;
  firstRowsSeconds: number;
  /** From the page's navigation until the first frame drawn with the turn list. */
  turnListSeconds: number;
  peakHeapMb: number;
  /** Peak resident memory of the tab's renderer process. */
  peakTabRssMb: number;
  /** The same, private memory only (tabMemory.ts tabPrivateMb). */
  peakTabPrivateMb: number;
}

/** Whether the page says every view is computed, and with how many records (the test contract on <html>). */
async function loadState(page: Page): Promise<{ done: boolean; records: number }> {
  const [state, n] = await Promise.all([page.locator('html').getAttribute('data-load-state'), page.locator('html').getAttribute('data-records')]);
  return { done: state === 'done', records: Number(n ?? 0) };
}

/** Waits until the page says every view of its `records`-record capture is computed. */
export async function untilLoaded(page: Page, records: number, timeoutMs = 180_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const state = await loadState(page);
    if (state.done && state.records >= records - 1) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`the capture did not load in ${timeoutMs / 1000} s (${state.records} records)`);
    await page.waitForTimeout(100);
  }
}

/**
 * Reads the CLI's index of its capture to the end (`done`): the index is built, and a page that
 * asks next is sent it as fast as the CLI can write it.
 */
async function untilIndexed(dashboardUrl: string): Promise<void> {
  const url = new URL(dashboardUrl);
  const token = /token=([0-9a-f]+)/.exec(url.hash)?.[1] ?? '';
  const res = await fetch(`${url.origin}/api/index`, { headers: { 'x-inspector-token': token } });
  if (!res.ok) throw new Error(`the CLI answered ${res.status} to /api/index`);
  const text = await res.text();
  if (!text.includes('"type":"done"')) throw new Error(`the index did not finish: …${text.slice(-300)}`);
}

/** Opens an N-record capture as `mode` says and waits until the page says it is done with every record. */
export async function openLargeCapture(browser: Browser, records: number, mode: OpenMode = 'launch'): Promise<OpenFigures> {
  const run = await openGenerated(browser, records, mode);
  try {
    const { page } = run;
    if (mode === 'built') await untilIndexed(run.url);
    await markFirstRows(page);
    const started = Date.now();
    await page.goto(run.url);
    let firstRows = 0;
    let peak = 0;
    let peakRss = 0;
    let peakPrivate = 0;
    for (;;) {
      const n = await recordCount(page);
      if (n > 0 && firstRows === 0) firstRows = (Date.now() - started) / 1000;
      const state = await loadState(page);
      if (state.done && state.records >= records - 1) break;
      if (Date.now() - started > 180_000) throw new Error(`only ${n} of ${records} records after 180 s`);
      peak = Math.max(peak, await heapMb(page));
      peakRss = Math.max(peakRss, tabRssMb());
      peakPrivate = Math.max(peakPrivate, tabPrivateMb());
      await page.waitForTimeout(100);
    }
    const seconds = (Date.now() - started) / 1000;
    // As epoch times, so they count from `started` as the polled figure does.
    // (No function declared inside: the bench runs under tsx, whose helpers do not exist in the page.)
    const drawn = await page.evaluate(() => {
      const w = globalThis as unknown as { __firstRows?: number; __turnList?: number };
      return { origin: performance.timeOrigin, rows: w.__firstRows ?? -1, turns: w.__turnList ?? -1 };
    });
    if (drawn.rows >= 0) firstRows = (drawn.origin + drawn.rows - started) / 1000;
    const turnListSeconds = drawn.turns >= 0 ? (drawn.origin + drawn.turns - started) / 1000 : seconds;
    peak = Math.max(peak, await heapMb(page));
    peakRss = Math.max(peakRss, tabRssMb());
    peakPrivate = Math.max(peakPrivate, tabPrivateMb());
    return {
      records,
      fileMb: run.bytes / 1e6,
      indexed: mode !== 'page',
      seconds,
      fromLaunchSeconds: (Date.now() - run.launched) / 1000,
      cliPeakRssMb: run.cliPeakRssMb(),
      firstRowsSeconds: firstRows,
      turnListSeconds,
      peakHeapMb: peak,
      peakTabRssMb: peakRss,
      peakTabPrivateMb: peakPrivate,
    };
  } finally {
    await run.close();
  }
}

/** Scrolls the timeline 400 px per animation frame for 3 s; resolves with the frame intervals (ms). */
export const SCROLL_SCRIPT = `new Promise((resolve) => {
  const el = document.querySelector('[data-testid="timeline-scroll"]');
  el.scrollTop = 0;
  const times = [];
  const end = performance.now() + 3000;
  let last = performance.now();
  const step = (now) => {
    times.push(now - last);
    last = now;
    el.scrollTop += 400;
    if (now < end) requestAnimationFrame(step);
    else resolve(times.slice(1));
  };
  requestAnimationFrame(step);
})`;

/** One display refresh at 60 Hz, the rate headless Chromium's frames are paced to. */
const VSYNC_MS = 1000 / 60;

export interface FrameStats {
  frames: number;
  fps: number;
  p95FrameMs: number;
  maxFrameMs: number;
  /** Share of frames (%) that took longer than one refresh and a half: at least one vsync was missed. */
  missedPct: number;
}

/** Figures of a list of frame intervals (ms), as the scroll script returns them. */
export function frameStats(frames: number[]): FrameStats {
  const sorted = [...frames].sort((a, b) => a - b);
  return {
    frames: frames.length,
    fps: frames.length / (frames.reduce((a, b) => a + b, 0) / 1000),
    p95FrameMs: sorted[Math.floor(sorted.length * 0.95)],
    maxFrameMs: sorted[sorted.length - 1],
    missedPct: (100 * frames.filter((f) => f > 1.5 * VSYNC_MS).length) / frames.length,
  };
}

export interface ScrollFigures extends FrameStats {
  events: number;
}

/** Scrolls the timeline of an N-record capture for 3 s, one step per animation frame. */
export async function scrollTimeline(browser: Browser, records: number): Promise<ScrollFigures> {
  const run = await openGenerated(browser, records, 'launch');
  try {
    const { page } = run;
    await page.goto(run.url);
    await untilLoaded(page, records);
    // A string, not a function: tsx's transform would add helpers the page does not have.
    const frames = (await page.evaluate(SCROLL_SCRIPT)) as number[];
    return { events: records, ...frameStats(frames) };
  } finally {
    await run.close();
  }
}

export interface IngestFigures {
  rate: number;
  seconds: number;
  sent: number;
  shownAtEnd: number;
  /** Shown when the wait for the rest ended (all of them, unless the page fell behind for good). */
  shownFinally: number;
  catchUpMs: number;
  /**
   * Once a second while the stream runs: records in the capture file minus records the page shows
   * (the page's lag, in records), and the tab's resident memory.
   */
  samples: { s: number; written: number; lag: number; tabRssMb: number; heapMb: number }[];
  maxLag: number;
  peakTabRssMb: number;
  peakHeapMb: number;
  /** A second browser opened once the stream ended, on the live capture's `records` records. */
  late: { records: number; seconds: number; peakTabRssMb: number; peakTabPrivateMb: number; heapMb: number };
  /**
   * The tab's CPU (every thread of its renderer) per record, from the stream's start until every
   * record was shown: what the page costs whatever else the machine runs; 1e6 / this is the rate one
   * core could take.
   */
  tabCpuUsPerRecord: number;
}

/** Counts the lines of a file that only grows, reading each byte once. */
function lineCounter(file: string): () => number {
  let offset = 0;
  let lines = 0;
  const buf = Buffer.alloc(1 << 20);
  return () => {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return lines;
    }
    try {
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, offset);
        if (n === 0) break;
        offset += n;
        for (let i = buf.indexOf(10); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) lines++;
      }
    } finally {
      closeSync(fd);
    }
    return lines;
  };
}

/**
 * Live ingest: an upstream paced at `rate` frames/s for `seconds`, through the relay, with the
 * dashboard open. Samples the page's lag once a second, then reports how many records the page
 * showed when the stream ended and how long it took to show them all.
 */
/**
 * A browser that opens the dashboard once the relay has written `records` records: from its
 * navigation until the page says every view of them is computed.
 */
async function openLate(browser: Browser, url: string, records: number): Promise<IngestFigures['late']> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  try {
    const started = Date.now();
    await page.goto(url);
    let peakRss = 0;
    let peakPrivate = 0;
    for (;;) {
      const state = await loadState(page);
      if (state.done && state.records >= records) break;
      if (Date.now() - started > 180_000) throw new Error(`a late page showed ${state.records} of ${records} records after 180 s`);
      peakRss = Math.max(peakRss, tabRssMb());
      peakPrivate = Math.max(peakPrivate, tabPrivateMb());
      await page.waitForTimeout(100);
    }
    return {
      records,
      seconds: (Date.now() - started) / 1000,
      peakTabRssMb: Math.max(peakRss, tabRssMb()),
      peakTabPrivateMb: Math.max(peakPrivate, tabPrivateMb()),
      heapMb: await heapMb(page),
    };
  } finally {
    await page.close();
  }
}

export async function liveIngest(browser: Browser, upstreamUrl: string, rate: number, seconds: number): Promise<IngestFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-dbench-'));
  const { child, lines } = await cliUrl(['start', '--port', '0', '--upstream', upstreamUrl, '--captures', dir, '--no-open']);
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    await page.goto(lines.dashboard);
    await page
      .getByTestId('row-count')
      .waitFor({ timeout: 30_000 })
      .catch(() => undefined);
    const before = await recordCount(page);
    // Every record of the run (frames and connection records), as the capture file holds them.
    const fileLines = lineCounter(lines.capture);
    const cpuBefore = tabCpuSeconds();
    const agent = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'bench', 'benchClient.ts'), lines.relay, 'paced', String(rate), String(rate * seconds)], {
      cwd: ROOT,
    });
    const exited = new Promise((r) => agent.once('exit', r));
    let running = true;
    void exited.then(() => (running = false));
    const samples: IngestFigures['samples'] = [];
    const t0 = Date.now();
    while (running) {
      await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
      if (!running) break;
      const written = fileLines() - before;
      const shown = (await recordCount(page)) - before;
      samples.push({ s: (Date.now() - t0) / 1000, written, lag: Math.max(0, written - shown), tabRssMb: tabRssMb(), heapMb: await heapMb(page) });
    }
    const shownAtEnd = (await recordCount(page)) - before;
    let sent = fileLines() - before;
    for (let stable = 0; stable < 3; ) {
      await new Promise((r) => setTimeout(r, 50));
      const n = fileLines() - before;
      stable = n === sent ? stable + 1 : 0;
      sent = n;
    }
    const t1 = Date.now();
    while ((await recordCount(page)) - before < sent && Date.now() - t1 < 60_000) await page.waitForTimeout(20);
    const catchUpMs = Date.now() - t1;
    const shownFinally = (await recordCount(page)) - before;
    const tabCpuUsPerRecord = ((tabCpuSeconds() - cpuBefore) / Math.max(1, shownFinally)) * 1e6;
    const peakHeapMb = Math.max(await heapMb(page), ...samples.map((x) => x.heapMb));
    const peakTabRssMb = Math.max(tabRssMb(), ...samples.map((x) => x.tabRssMb));
    await page.close();
    const late = await openLate(browser, lines.dashboard, before + sent);
    return {
      rate,
      seconds,
      sent,
      shownAtEnd,
      shownFinally,
      catchUpMs,
      samples,
      maxLag: Math.max(0, ...samples.map((x) => x.lag)),
      peakTabRssMb,
      peakHeapMb,
      tabCpuUsPerRecord,
      late,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
}
