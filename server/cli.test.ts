import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCaptureLine } from '../src/core/capture.ts';
import { ROOT } from './paths.ts';
import { runCli } from './testing/runCli.ts';
import { startScriptedUpstream, type ScriptedUpstream } from './testing/scriptedUpstream.ts';
import { until } from './testing/until.ts';

const BIN = path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs');
let children: ChildProcess[] = [];
let upstreams: ScriptedUpstream[] = [];
afterEach(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const u of upstreams) await u.close();
  children = [];
  upstreams = [];
});

interface Cli {
  child: ChildProcess;
  lines: Promise<Record<string, string>>;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts the real CLI; `lines` resolves once it printed its relay/dashboard/capture lines. */
function cli(args: string[]): Cli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, CI: '1' } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const lines = new Promise<Record<string, string>>((resolve) => {
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c;
      const found = Object.fromEntries([...stdout.matchAll(/^(relay|dashboard|capture): (\S+)$/gm)].map((m) => [m[1], m[2]]));
      if (found.relay && found.dashboard && found.capture) resolve(found);
    });
  });
  child.stderr!.on('data', (c: Buffer) => (stderr += c));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, lines, exit };
}

async function echoOnce(relayUrl: string, frames: string[]): Promise<void> {
  const ws = new WebSocket(relayUrl, { headers: { authorization: 'Bearer sk-cli-test-000000000000000000' } });
  await new Promise((r) => ws.once('open', r));
  let got = 0;
  const all = new Promise<void>((resolve) => ws.on('message', () => ++got === frames.length && resolve()));
  for (const f of frames) ws.send(f);
  await all;
}

describe('responses-inspector CLI', () => {
  it('prints the relay and dashboard lines, and on SIGTERM exits 0 with the capture flushed', async () => {
    const upstream = await startScriptedUpstream();
    upstreams.push(upstream);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-cli-'));
    const run = cli(['start', '--port', '0', '--upstream', upstream.url, '--captures', dir, '--no-open']);
    const lines = await run.lines;
    expect(lines.relay).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/responses$/);
    expect(lines.dashboard).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    await echoOnce(lines.relay, ['one', 'two', 'three']);
    run.child.kill('SIGTERM');
    const { code } = await run.exit;
    expect(code).toBe(0);
    const file = path.join(dir, readdirSync(dir)[0]);
    expect(file).toBe(lines.capture);
    const records = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l, i) => parseCaptureLine(l, i + 1));
    expect(records.filter((r) => r?.kind === 'frame')).toHaveLength(6);
    expect(records.at(-1)).toMatchObject({ kind: 'capture.end', counts: { frames: 6, connections: 1 } });
  });

  it('exits promptly on SIGTERM, capture flushed, when a dashboard does not answer the close (a throttled background tab)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-cli-'));
    const run = cli(['start', '--port', '0', '--captures', dir, '--no-open']);
    const lines = await run.lines;
    const url = new URL(lines.dashboard);
    const feed = new WebSocket(`ws://${url.host}/feed`, { headers: { origin: `http://${url.host}`, 'x-inspector-token': /token=(\w+)/.exec(url.hash)![1] } });
    await new Promise((r) => feed.once('open', r));
    (feed as unknown as { _socket: { pause(): void } })._socket.pause();
    try {
      run.child.kill('SIGTERM');
      const { code, stderr } = await run.exit;
      // It used to sit until the CLI's 3 s last-resort exit, waiting for a closing handshake that never
      // came; that exit says so (not a time budget, which a loaded machine could miss).
      expect(stderr).not.toMatch(/still open 3 s after shutdown/);
      expect(code).toBe(0);
      expect(readFileSync(lines.capture, 'utf8').trimEnd().split('\n').at(-1)).toMatch(/"kind":"capture.end"/);
    } finally {
      feed.terminate();
    }
  });

  it('exits promptly on SIGTERM when the upstream does not answer the close', async () => {
    const upstream = await startScriptedUpstream({
      onMessage: (ws) => {
        (ws as unknown as { _socket: { pause(): void } })._socket.pause();
        return true;
      },
    });
    upstreams.push(upstream);
    const run = cli(['start', '--port', '0', '--upstream', upstream.url, '--captures', mkdtempSync(path.join(os.tmpdir(), 'ri-cli-')), '--no-open']);
    const lines = await run.lines;
    const agent = new WebSocket(lines.relay, { headers: { authorization: 'Bearer sk-cli-test-000000000000000000' } });
    await new Promise((r) => agent.once('open', r));
    agent.send('stall');
    await new Promise((r) => setTimeout(r, 200));
    run.child.kill('SIGTERM');
    const { code, stderr } = await run.exit;
    agent.terminate();
    // The relay waits 1.5 s for the closing handshakes, then drops what did not answer; it used to
    // leave that socket to hold the process until the CLI's 3 s last-resort exit (4.5 s in all).
    expect(stderr).not.toMatch(/still open 3 s after shutdown/);
    expect(code).toBe(0);
  });

  it('keeps running when whoever reads its output goes away (demo | head -1)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-cli-'));
    const run = cli(['demo', '--port', '0', '--no-open', '--captures', dir]);
    const lines = await run.lines;
    // The reader closes its end: every later line the demo prints hits a closed pipe (EPIPE).
    run.child.stdout!.destroy();
    const size = () => readFileSync(lines.capture).length;
    const before = size();
    await until(() => run.child.exitCode !== null || size() > before + 20_000, 30_000);
    expect(run.child.exitCode).toBeNull();
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
  });

  it('leaves a capture whose every complete line parses after SIGKILL', async () => {
    const upstream = await startScriptedUpstream();
    upstreams.push(upstream);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-cli-'));
    const run = cli(['--port', '0', '--upstream', upstream.url, '--captures', dir]);
    const lines = await run.lines;
    const frame = (i: number) => JSON.stringify({ type: 'response.create', i, pad: 'x'.repeat(i * 10) });
    await echoOnce(
      lines.relay,
      Array.from({ length: 200 }, (_, i) => frame(i)),
    );
    const completeLines = () => {
      const text = readFileSync(lines.capture, 'utf8');
      return text.split('\n').slice(0, -1); // the part after the last newline may be cut short
    };
    // The writer is asynchronous: wait (without a time budget that a loaded machine could miss) until
    // the 400 echoed frames are on disk, then kill it in the middle of a second burst.
    await vi.waitFor(() => expect(completeLines().length).toBeGreaterThan(400), { timeout: 20_000, interval: 20 });
    const ws = new WebSocket(lines.relay, { headers: { authorization: 'Bearer sk-cli-test-000000000000000000' } });
    await new Promise((r) => ws.once('open', r));
    for (let i = 0; i < 200; i++) ws.send(frame(i));
    await new Promise((r) => ws.once('message', r));
    run.child.kill('SIGKILL');
    await run.exit;
    const complete = completeLines();
    expect(complete.length).toBeGreaterThan(400);
    for (const [i, line] of complete.entries()) expect(() => parseCaptureLine(line, i + 1)).not.toThrow();
  });

  it('with --host ::1 prints the [::1] address it listens on, and serves it (Host [::1]:P allowed)', async () => {
    const upstream = await startScriptedUpstream();
    upstreams.push(upstream);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-cli-'));
    const run = cli(['start', '--port', '0', '--host', '::1', '--upstream', upstream.url, '--captures', dir, '--no-open']);
    const lines = await run.lines;
    expect(lines.relay).toMatch(/^ws:\/\/\[::1\]:\d+\/v1\/responses$/);
    expect(lines.dashboard).toMatch(/^http:\/\/\[::1\]:\d+\/#token=[0-9a-f]{64}$/);
    await echoOnce(lines.relay, ['one']);
    const info = await fetch(new URL('/api/info', lines.dashboard), { headers: { 'x-inspector-token': /token=(\w+)/.exec(lines.dashboard)![1] } });
    expect(info.status).toBe(200);
    run.child.kill('SIGTERM');
    const exit = await run.exit;
    expect(exit.code).toBe(0);
    // Every printed address, the SDK base URL included, is the one listened on.
    expect(exit.stdout).toMatch(/^SDK base URL: http:\/\/\[::1\]:\d+\/v1$/m);
    expect(exit.stdout).toMatch(/^HTTP passthrough: POST http:\/\/\[::1\]:\d+\/v1\/responses -> /m);
  });

  it('exits 2 with one clear line on a bad flag', async () => {
    const { code, stderr, stdout } = await cli(['start', '--port', 'eighty']).exit;
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual(['responses-inspector: --port must be a number from 0 to 65535 (0 = any free port), not "eighty"']);
  });

  it('refuses a --captures that can never hold captures with one clear line, exit 2, without hanging', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-cli-')), 'a-file');
    writeFileSync(file, 'x');
    const cases: [string[], string][] = [
      [['start', '--captures', file], `responses-inspector: --captures ${file} is not a directory`],
      [['demo', '--captures', path.join(file, 'sub')], `responses-inspector: --captures ${path.join(file, 'sub')} cannot be created: ${file} is not a directory`],
      // Node's recursive mkdir never returns under /proc: the folder is created one level at a time.
      [['start', '--captures', '/proc/ri-nope/x'], 'responses-inspector: --captures /proc/ri-nope/x cannot be created: mkdir /proc/ri-nope: no such file or directory'],
    ];
    for (const [args, line] of cases) {
      const { status, stdout, stderr } = await runCli([...args, '--port', '0', '--no-open'], { timeoutMs: 15_000 });
      expect(stderr.trim().split('\n')).toEqual([line]);
      expect(status).toBe(2);
      expect(stdout).toBe('');
    }
    // A missing folder is created, every level of it.
    const nested = path.join(path.dirname(file), 'new', 'deeper');
    const run = cli(['start', '--port', '0', '--no-open', '--captures', nested]);
    expect(path.dirname((await run.lines).capture)).toBe(nested);
  }, 60_000);

  it('says what is wrong with a flag in one line, naming the command whose --help lists the flags', async () => {
    const cases: [string[], string][] = [
      // A negative number is the flag's value (parseArgs would call it "ambiguous"): the flag's own check answers.
      [['mock', '--port', '-1'], '--port must be a number from 0 to 65535 (0 = any free port), not "-1"'],
      [['compare', 'a.ndjson', 'b.ndjson', '--threshold', '-5'], '--threshold must be a percentage of 0 or more, not "-5"'],
      [['demo', '--upstream', 'ws://127.0.0.1:9/v1/responses'], 'demo uses its own mock upstream; use "start --upstream URL" for another one'],
      [['run', 'node', 'agent.js'], 'run needs the command after "--": responses-inspector run [flags] -- CMD [ARGS…]'],
    ];
    for (const [args, line] of cases) {
      const { status, stderr } = await runCli(args, { timeoutMs: 15_000 });
      expect(stderr).toBe(`responses-inspector: ${line}\n`);
      expect(status).toBe(2);
    }
    // What the parser finds (Node's parseArgs words it): the offending flag or argument, then where the flags are listed.
    const parserCases: [string[], string, string][] = [
      [['--bogus'], 'start', '--bogus'],
      [['demo', '--no-open=yes'], 'demo', '--no-open'],
      [['start', '--port'], 'start', '--port'],
      [['start', 'extra'], 'start', 'extra'],
      [['check', 'x.ndjson', '--fail-on', 'error', '--nope'], 'check', '--nope'],
    ];
    for (const [args, command, named] of parserCases) {
      const { status, stderr } = await runCli(args, { timeoutMs: 15_000 });
      expect(stderr.split('\n'), args.join(' ')).toEqual([expect.stringMatching(/^responses-inspector: /), '']);
      expect(stderr).toContain(`'${named}`);
      expect(stderr).toContain(`; run "responses-inspector ${command} --help" for its flags\n`);
      expect(status).toBe(2);
    }
  }, 60_000);

  it('warns that --include-content without --otlp is ignored, and starts', async () => {
    const run = cli(['start', '--port', '0', '--no-open', '--include-content', '--captures', mkdtempSync(path.join(os.tmpdir(), 'ri-cli-'))]);
    await run.lines;
    run.child.kill('SIGTERM');
    const { code, stderr } = await run.exit;
    expect(code).toBe(0);
    // A line of its own (a first start may also say it builds the dashboard).
    expect(stderr.split('\n')).toContain('responses-inspector: warning: --include-content only applies with --otlp URL (it adds prompts and outputs to the spans): ignored');
  });

  it('exits non-zero with one clear line when the port is taken', async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const { code, stderr } = await cli(['start', '--port', String(port), '--no-open', '--captures', mkdtempSync(path.join(os.tmpdir(), 'ri-cli-'))]).exit;
      expect(code).not.toBe(0);
      expect(stderr.trim().split('\n')).toEqual([`responses-inspector: port ${port} is already in use; pass --port N for another, or --port 0 for any free port`]);
    } finally {
      blocker.close();
    }
  });

  it('refuses a non-loopback listen address unless the dangerous flag is given', async () => {
    const { code, stderr } = await cli(['start', '--host', '0.0.0.0', '--no-open']).exit;
    expect(code).toBe(2);
    expect(stderr).toMatch(/--host 0\.0\.0\.0 is not a loopback address.*--dangerously-allow-remote/);
  });

  it("answers COMMAND --help with that command's own help, every line within 100 columns", async () => {
    const start = await runCli(['start', '--help']);
    expect(start.status).toBe(0);
    expect(start.stdout).toMatch(/^usage: responses-inspector \[start\] \[flags\]/);
    for (const flag of ['--port', '--upstream', '--captures', '--host', '--otlp', '--include-content']) expect(start.stdout).toContain(flag);
    expect(start.stdout).not.toContain('commands:');
    for (const args of [
      ['--help'],
      ['start', '--help'],
      ['demo', '--help'],
      ['mock', '--help'],
      ['open', '--help'],
      ['export', '--help'],
      ['compare', '--help'],
      ['replay', '--help'],
      ['run', '--help'],
      ['check', '--help'],
    ]) {
      const { stdout } = await runCli(args);
      expect(
        stdout.split('\n').filter((l) => l.length > 100),
        args.join(' '),
      ).toEqual([]);
    }
  }, 60_000);

  it('answers --help with every command and flag', async () => {
    const { code, stdout } = await cli(['--help']).exit;
    expect(code).toBe(0);
    for (const word of [
      'start',
      'demo',
      'mock',
      'open FILE',
      'export FILE',
      'replay FILE',
      'run [flags] -- CMD',
      'check FILE --fail-on RULES',
      '--port',
      '--upstream',
      '--captures',
      '--max-age',
      '--no-open',
      '--host',
    ]) {
      expect(stdout).toContain(word);
    }
  });

  it('answers --help with a HOME and TMPDIR it cannot write to: nothing is compiled or cached at run time', async () => {
    // Paths nothing can be created under, even as root (ENOTDIR).
    const env = { ...process.env, CI: '1', HOME: '/dev/null/home', TMPDIR: '/dev/null/tmp' };
    const child = spawn(process.execPath, [BIN, '--help'], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('usage: responses-inspector');
  });
});
