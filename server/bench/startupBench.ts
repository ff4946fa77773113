import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../paths.ts';
import { makeCapture } from './makeCapture.ts';

const BIN = path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs');

/**
 * Milliseconds from spawn to exit, or with `firstLine` to the first line on stdout (the process is
 * then stopped with SIGTERM and waited for).
 */
function timed(args: string[], firstLine = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, CI: '1' } });
    let ms: number | undefined;
    child.stdout.on('data', () => {
      if (!firstLine || ms !== undefined) return;
      ms = performance.now() - t0;
      child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('exit', () => resolve(ms ?? performance.now() - t0));
  });
}

export interface StartupFigures {
  /** Medians, ms. */
  nodeMs: number;
  helpMs: number;
  exportMs: number;
  nodeFirstLineMs: number;
  startFirstLineMs: number;
  /** Per-pair ratios to the bare node process measured next to each: [median, min, max]. */
  help: number[];
  export: number[];
  start: number[];
}

/**
 * The CLI's start-up against a bare `node -e 0` timed in turn with it (target: `--help` within 3x):
 * `--help`, `export` of a small capture, and `start` to its first printed line against a node process
 * that prints one line.
 */
export async function startupRatios(runs: number): Promise<StartupFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-startup-'));
  try {
    const capture = path.join(dir, 'small.ndjson');
    await makeCapture(capture, 200);
    const bare = ['-e', '0'];
    const bareLine = ['-e', 'console.log(1); setInterval(() => {}, 1000)'];
    const start = [BIN, 'start', '--port', '0', '--no-open', '--captures', path.join(dir, 'captures')];
    const samples = { node: [] as number[], help: [] as number[], export: [] as number[], nodeLine: [] as number[], start: [] as number[] };
    for (let i = 0; i <= runs; i++) {
      const s = {
        node: await timed(bare),
        help: await timed([BIN, '--help']),
        export: await timed([BIN, 'export', capture, '--format', 'json', '-o', path.join(dir, 'out.json')]),
        nodeLine: await timed(bareLine, true),
        start: await timed(start, true),
      };
      // The first round warms the file cache and is not counted.
      if (i > 0) for (const k of Object.keys(s) as (keyof typeof s)[]) samples[k].push(s[k]);
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = (a: number[], b: number[]) => {
      const r = a.map((x, i) => x / b[i]);
      return [med(r), Math.min(...r), Math.max(...r)];
    };
    return {
      nodeMs: med(samples.node),
      helpMs: med(samples.help),
      exportMs: med(samples.export),
      nodeFirstLineMs: med(samples.nodeLine),
      startFirstLineMs: med(samples.start),
      help: ratio(samples.help, samples.node),
      export: ratio(samples.export, samples.node),
      start: ratio(samples.start, samples.nodeLine),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
