import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../paths.ts';

/**
 * Relay figures for `npm run bench`: each role is its own process on loopback, so no
 * role's event loop slows another's. The relay runs as the real CLI with the capture on and one dashboard attached;
 * every figure is a ratio to a direct agent-to-upstream connection measured in the same trial.
 */
const BIN = path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs');
const TSX = ['--import', 'tsx'];
const here = (f: string) => path.join(ROOT, 'server', 'bench', f);

export interface Scenario {
  name: string;
  mode: 'rtt' | 'stream';
  size: number;
  count: number;
}

export const SCENARIOS: Scenario[] = [
  { name: 'round trip, 300 B', mode: 'rtt', size: 300, count: 5000 },
  { name: 'round trip, 64 KiB', mode: 'rtt', size: 65536, count: 1000 },
  { name: 'stream, 300 B frames', mode: 'stream', size: 300, count: 100_000 },
  { name: 'stream, 64 KiB frames', mode: 'stream', size: 65536, count: 2000 },
];

export interface Trial {
  direct: Record<string, number>;
  relay: Record<string, number>;
  relayCpuUsPerFrame?: number;
  relayRssMb: number;
  feedLines: number;
}

function lines(child: ChildProcess): AsyncGenerator<string> {
  const queue: string[] = [];
  let wake: (() => void) | null = null;
  let buf = '';
  let ended = false;
  child.stdout!.on('data', (c: Buffer) => {
    buf += c;
    const parts = buf.split('\n');
    buf = parts.pop()!;
    queue.push(...parts);
    wake?.();
  });
  child.on('exit', () => {
    ended = true;
    wake?.();
  });
  return (async function* () {
    for (;;) {
      while (queue.length) yield queue.shift()!;
      if (ended) return;
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
  })();
}

async function firstJson(child: ChildProcess): Promise<Record<string, number>> {
  for await (const line of lines(child)) if (line.startsWith('{')) return JSON.parse(line);
  throw new Error('bench process ended without a result');
}

function procStat(pid: number): { cpuTicks: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuTicks: Number(fields[11]) + Number(fields[12]), rssMb: rssKb / 1024 };
}

export async function runClient(url: string, s: Scenario): Promise<Record<string, number>> {
  const child = spawn(process.execPath, [...TSX, here('benchClient.ts'), url, s.mode, String(s.size), String(s.count)], { cwd: ROOT });
  return firstJson(child);
}

export async function startUpstream(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [...TSX, here('benchUpstream.ts')], { cwd: ROOT });
  const { port } = await firstJson(child);
  return { url: `ws://127.0.0.1:${port}/v1/responses`, stop: () => child.kill() };
}

/** A relay (the real CLI) with one dashboard feed attached; `dir`: its --captures folder (default: a fresh one, removed at stop). */
export async function startRelayWithDashboard(upstream: string, capturesDir?: string) {
  const dir = capturesDir ?? mkdtempSync(path.join(os.tmpdir(), 'ri-bench-'));
  const relay = spawn(process.execPath, [BIN, 'start', '--port', '0', '--upstream', upstream, '--captures', dir, '--no-open'], { cwd: ROOT, env: { ...process.env, CI: '1' } });
  const found: Record<string, string> = {};
  for await (const line of lines(relay)) {
    const m = /^(relay|dashboard): (\S+)$/.exec(line);
    if (m) found[m[1]] = m[2];
    if (found.relay && found.dashboard) break;
  }
  const port = new URL(found.dashboard).port;
  const token = /#token=([0-9a-f]+)/.exec(found.dashboard)![1];
  const feed = spawn(process.execPath, [...TSX, here('benchFeed.ts'), port, token], { cwd: ROOT });
  await firstJson(feed);
  return {
    url: found.relay,
    pid: relay.pid!,
    port,
    token,
    async stop(): Promise<number> {
      feed.kill('SIGTERM');
      const { lines: n } = await firstJson(feed);
      relay.kill('SIGTERM');
      await new Promise((r) => relay.once('exit', r));
      if (capturesDir === undefined) rmSync(dir, { recursive: true, force: true });
      return n;
    },
  };
}

/** One trial of one scenario: direct, then through a fresh relay with a dashboard attached. */
export async function runTrial(upstream: string, s: Scenario): Promise<Trial> {
  const direct = await runClient(upstream, s);
  const relay = await startRelayWithDashboard(upstream);
  // A relay is a long-running process: it is measured warm, as the upstream (started once for the
  // whole run) already is. One run of the same size first: module loading, JIT, the capture's
  // scratch buffers and V8's young generation reach their steady state (measured: the first 100,000
  // small frames cost the relay ~8.5 µs each, the next ones ~5 µs).
  await runClient(relay.url, s);
  const before = procStat(relay.pid);
  const viaRelay = await runClient(relay.url, s);
  const after = procStat(relay.pid);
  const ticksPerSec = 100;
  const frames = s.mode === 'stream' ? s.count : s.count * 2;
  const trial: Trial = {
    direct,
    relay: viaRelay,
    relayCpuUsPerFrame: ((after.cpuTicks - before.cpuTicks) / ticksPerSec / frames) * 1e6,
    relayRssMb: after.rssMb,
    feedLines: 0,
  };
  trial.feedLines = await relay.stop();
  return trial;
}

/** RSS of a relay after streaming N, 2N and 4N small frames on one connection: it must stay flat. */
export async function rssGrowth(upstream: string, base: number): Promise<number[]> {
  const relay = await startRelayWithDashboard(upstream);
  const out: number[] = [];
  for (const k of [1, 2, 4]) {
    await runClient(relay.url, { name: 'rss', mode: 'stream', size: 300, count: base * k });
    out.push(procStat(relay.pid).rssMb);
  }
  await relay.stop();
  return out;
}
