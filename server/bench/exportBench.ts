import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../paths.ts';
import { makeCapture } from './makeCapture.ts';

/** The export CLI on an N-record capture: wall time and the process's peak RSS (VmHWM). */
export async function exportLargeCapture(records: number): Promise<{ records: number; fileMb: number; seconds: number; peakRssMb: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-xbench-'));
  try {
    const file = path.join(dir, 'big.ndjson');
    const { bytes } = await makeCapture(file, records);
    const out = path.join(dir, 'big.json');
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs'), 'export', file, '--format', 'json', '-o', out], { cwd: ROOT });
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // the process has exited
      }
    }, 20);
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    clearInterval(poll);
    if (code !== 0 || !existsSync(out)) throw new Error(`export exited with ${code}`);
    return { records, fileMb: bytes / 1e6, seconds: (Date.now() - started) / 1000, peakRssMb: peakKb / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
