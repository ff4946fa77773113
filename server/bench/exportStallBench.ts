import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT } from '../paths.ts';
import { makeConnections } from './makeConnections.ts';
import { runClient, startRelayWithDashboard } from './relayBench.ts';

const BIN = path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs');
const RTT = { name: 'rtt during export', mode: 'rtt' as const, size: 300, count: 3000 };

export interface RttFigures {
  p50us: number;
  p99us: number;
  maxus: number;
}

/**
 * An agent's round trip through a live relay while the dashboard exports a capture of `conns`
 * connections as HAR (GET /api/export, over and over for the whole run), against the same agent
 * with no export. The export shares the relay's thread, so this is what a user pressing Export HAR
 * costs the agents.
 */
export async function rttDuringExport(
  upstream: string,
  conns: number,
): Promise<{ idle: RttFigures; exporting: RttFigures; exports: number; exportSeconds: number; fileMb: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-xstall-'));
  try {
    const { bytes } = await makeConnections(path.join(dir, 'many.ndjson'), conns);
    const relay = await startRelayWithDashboard(upstream, dir);
    try {
      // Warm, as in the relay figures: the first run loads and compiles.
      await runClient(relay.url, RTT);
      const idle = (await runClient(relay.url, RTT)) as unknown as RttFigures;
      let stop = false;
      let exports = 0;
      let exportMs = 0;
      const loop = (async () => {
        while (!stop) {
          const started = performance.now();
          const res = await fetch(`http://127.0.0.1:${relay.port}/api/export?format=har&file=many.ndjson`, { headers: { 'x-inspector-token': relay.token } });
          if (!res.ok) throw new Error(`export answered ${res.status}`);
          await res.arrayBuffer();
          exportMs += performance.now() - started;
          exports++;
        }
      })();
      const exporting = (await runClient(relay.url, RTT)) as unknown as RttFigures;
      stop = true;
      await loop;
      return { idle, exporting, exports, exportSeconds: exportMs / exports / 1000, fileMb: bytes / 1e6 };
    } finally {
      await relay.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The export CLI's wall time for one file and format. */
async function exportSeconds(file: string, format: 'json' | 'har', out: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'export', file, '--format', format, '-o', out], { cwd: ROOT, stdio: 'ignore' });
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`export --format ${format} exited with ${code}`);
  return (performance.now() - started) / 1000;
}

/** HAR against JSON export of a capture of `conns` short connections: a HAR must cost about what the JSON costs. */
export async function harVsJson(conns: number): Promise<{ conns: number; fileMb: number; jsonSeconds: number; harSeconds: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-xhar-'));
  try {
    const file = path.join(dir, 'many.ndjson');
    const { bytes } = await makeConnections(file, conns);
    const jsonSeconds = await exportSeconds(file, 'json', path.join(dir, 'out.json'));
    const harSeconds = await exportSeconds(file, 'har', path.join(dir, 'out.har'));
    return { conns, fileMb: bytes / 1e6, jsonSeconds, harSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
