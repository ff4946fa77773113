import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../paths.ts';
import { makeCapture } from './makeCapture.ts';

export interface IndexTrial {
  /** From the request (made as soon as the dashboard line is printed) to the first `rows` message. */
  firstRowsSeconds: number;
  /** From the request to the `done` message: the index complete. */
  doneSeconds: number;
  /** CPU seconds the CLI process used by then (all its threads), launch included. */
  cpuSeconds: number;
  /** The process's peak RSS (VmHWM) by then. */
  peakRssMb: number;
}

const TICKS = 100; // USER_HZ: /proc/PID/stat counts CPU time in these

function procFigures(pid: number): { cpu: number; hwmKb: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { cpu: (Number(fields[11]) + Number(fields[12])) / TICKS, hwmKb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) };
  } catch {
    return { cpu: 0, hwmKb: 0 };
  }
}

/** `open FILE` on one capture, indexed at launch: how soon the page gets rows and the whole index. */
export async function indexTrial(file: string): Promise<IndexTrial> {
  const child = spawn(process.execPath, [path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs'), 'open', file, '--port', '0', '--no-open'], {
    cwd: ROOT,
    // The build alone: no saved index read or written.
    env: { ...process.env, CI: '1', RESPONSES_INSPECTOR_INDEX_MIN_BYTES: '0', RESPONSES_INSPECTOR_CACHE: 'off' },
  });
  try {
    let out = '';
    const url = await new Promise<URL>((resolve, reject) => {
      child.stdout!.on('data', (c: Buffer) => {
        out += c;
        const m = /^dashboard: (\S+)$/m.exec(out);
        if (m) resolve(new URL(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`open exited with ${code}: ${out}`)));
    });
    const token = /token=([0-9a-f]+)/.exec(url.hash)![1];
    const asked = performance.now();
    const res = await fetch(`${url.origin}/api/index`, { headers: { 'x-inspector-token': token } });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let firstRows = 0;
    let sawDone = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      // The last few characters of the previous piece too: a message's type may straddle two pieces.
      text = text.slice(-32) + decoder.decode(value, { stream: true });
      if (!firstRows && text.includes('"type":"rows"')) firstRows = performance.now() - asked;
      if (text.includes('"type":"done"')) sawDone = true;
    }
    const doneMs = performance.now() - asked;
    if (!sawDone) throw new Error(`the index did not finish: …${text.slice(-300)}`);
    const { cpu, hwmKb } = procFigures(child.pid!);
    return { firstRowsSeconds: (firstRows || doneMs) / 1000, doneSeconds: doneMs / 1000, cpuSeconds: cpu, peakRssMb: hwmKb / 1024 };
  } finally {
    child.kill('SIGKILL');
  }
}

/** The index of an N-record capture (server/bench/makeCapture.ts), built by the CLI `trials` times. */
export async function indexLargeCapture(records: number, trials: number): Promise<{ records: number; fileMb: number; trials: IndexTrial[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-ibench-'));
  try {
    const file = path.join(dir, 'big.ndjson');
    const { bytes } = await makeCapture(file, records);
    const out: IndexTrial[] = [];
    for (let i = 0; i < trials; i++) out.push(await indexTrial(file));
    return { records, fileMb: bytes / 1e6, trials: out };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
