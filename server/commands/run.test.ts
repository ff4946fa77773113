import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCaptureLine, type CaptureRecord } from '../../src/core/capture.ts';
import { startMockServer, type RunningMock } from '../mock/mockServer.ts';
import { ROOT } from '../paths.ts';
import { BIN } from '../testing/runCli.ts';

const AGENTS = path.join(ROOT, 'server', 'run', 'testdata');
const PYTHON = '/usr/bin/python3';
const API_KEY = 'sk-run-test-key';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMockServer({ toolCalls: 0, timing: { ttftMs: 10, deltaGapMs: 2, jitterMs: 0 } });
});
afterAll(() => mock.close());

const running: ChildProcess[] = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** The environment a user's shell would have: no base URL of its own, a key, CI (no browser). */
function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(OPENAI_|NO_PROXY$|no_proxy$|HTTPS?_PROXY$|https?_proxy$)/.test(k)) env[k] = v;
  return { ...env, CI: '1', OPENAI_API_KEY: API_KEY, ...extra };
}

/** The real CLI's `run`, in front of the mock, with CMD as its child. */
function runCmd(flags: string[], command: string[], opts: { env?: Record<string, string>; stdin?: string; upstream?: string } = {}) {
  const captures = mkdtempSync(path.join(os.tmpdir(), 'ri-run-'));
  const child = spawn(process.execPath, [BIN, 'run', '--upstream', opts.upstream ?? mock.url, '--captures', captures, ...flags, '--', ...command], {
    cwd: ROOT,
    env: userEnv(opts.env),
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d));
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string; capture: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, capture: /^capture: (.+)$/m.exec(stderr)?.[1] ?? '' })),
  );
  const seen = (pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout') =>
    new Promise<void>((resolve) => {
      const check = () => pattern.test(stream === 'stdout' ? stdout : stderr) && resolve();
      child[stream]!.on('data', check);
      check();
    });
  return { child, exit, seen, stderr: () => stderr };
}

async function dashboardUrl(cli: ReturnType<typeof runCmd>): Promise<string> {
  await cli.seen(/^dashboard: \S+$/m, 'stderr');
  return /^dashboard: (\S+)$/m.exec(cli.stderr())![1];
}

function records(file: string): CaptureRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => parseCaptureLine(l, i + 1))
    .filter((r): r is CaptureRecord => r !== null);
}

const opens = (file: string) => records(file).filter((r) => r.kind === 'conn.open');

describe('responses-inspector run -- CMD', () => {
  it('runs an openai SDK WebSocket agent configured only by its environment; its stdout stays its own', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr, capture } = await runCmd([], ['node', path.join(AGENTS, 'openai-ws-agent.mjs')]).exit;
    expect(code).toBe(0);
    // Only the child wrote to stdout: the relay's lines and the summary went to stderr.
    expect(
      stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(':')[0]),
    ).toEqual(['answer 1', 'answer 2']);
    expect(stderr).toMatch(/^relay: ws:\/\/127\.0\.0\.1:\d+\/v1\/responses$/m);
    expect(stderr).toMatch(/^run: node \S+openai-ws-agent\.mjs exited with status 0$/m);
    expect(stderr).toMatch(/^ {2}turns: 2 \(2 completed, 0 errors, 0 cut, 0 in flight\) on 1 connection$/m);
    expect(stderr).toMatch(/^ {2}reconnects: 0 · limit hits: 0 · cache misses: 0$/m);
    expect(stderr).toMatch(/^ {2}TTFT: p50 \d+ ms · p95 \d+ ms$/m);
    expect(stderr).toMatch(/^ {2}tokens: \d+ in \(0 cached\) · \d+ out \(0 reasoning\) · \d+ total$/m);
    expect(stderr).toContain(`  capture: ${capture}`);
    expect(stderr).not.toContain('saw no traffic');
    const [open] = opens(capture);
    expect(open).toMatchObject({ path: '/v1/responses', headers: { upgrade: 'websocket' } });
    expect(open.kind === 'conn.open' && open.headers['user-agent']).toMatch(/^OpenAI\/JS/);
    expect(readFileSync(capture, 'utf8')).not.toContain(API_KEY);
    expect(readFileSync(capture, 'utf8').trim().split('\n').at(-1)).toContain('"kind":"capture.end"');
  });

  it('runs an @openai/agents agent on its WebSocket transport (node --experimental-websocket)', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr, capture } = await runCmd([], ['node', '--experimental-websocket', path.join(AGENTS, 'agents-ws-agent.mjs')]).exit;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^agents answer: \S/m);
    expect(stderr).toMatch(/^ {2}turns: 1 \(1 completed, 0 errors/m);
    const [open] = opens(capture);
    expect(open.kind === 'conn.open' && open.headers['user-agent']).toMatch(/^Agents\/JavaScript/);
    expect(open.kind === 'conn.open' && open.headers.upgrade).toBe('websocket');
  });

  it('runs a Python program speaking the protocol with websockets, reading OPENAI_BASE_URL as openai-python does', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr, capture } = await runCmd([], [PYTHON, path.join(AGENTS, 'python_ws_agent.py')]).exit;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^python answer 1: \S[\s\S]*^python answer 2: \S/m);
    expect(stderr).toMatch(/^ {2}turns: 2 \(2 completed/m);
    expect(opens(capture)).toHaveLength(1);
  });

  it('runs an HTTP-only agent through the passthrough, past a proxy set for the rest of the network', { timeout: 60_000 }, async () => {
    // A dead proxy: without loopback in no_proxy, urllib would send the request there and fail.
    const proxy = { HTTP_PROXY: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9', NO_PROXY: 'corp.example' };
    const { code, stdout, stderr, capture } = await runCmd([], [PYTHON, path.join(AGENTS, 'python_http_agent.py')], { env: proxy }).exit;
    expect(stderr).toMatch(/^ {2}turns: 1 \(1 completed/m);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^python http answer: \S/m);
    expect(opens(capture)).toMatchObject([{ transport: 'http' }]);
  });

  it('gives the child the SDK variables and a NO_PROXY that keeps the user’s entries', { timeout: 30_000 }, async () => {
    const script = "for (const k of ['OPENAI_BASE_URL', 'OPENAI_WEBSOCKET_BASE_URL', 'NO_PROXY', 'no_proxy', 'OPENAI_API_KEY']) console.log(k + '=' + process.env[k])";
    const { code, stdout } = await runCmd(['--port', '0'], ['node', '-e', script], { env: { NO_PROXY: 'corp.example' } }).exit;
    expect(code).toBe(0);
    const port = /OPENAI_BASE_URL=http:\/\/127\.0\.0\.1:(\d+)\/v1\n/.exec(stdout)?.[1];
    expect(port).toBeDefined();
    expect(stdout).toContain(`OPENAI_WEBSOCKET_BASE_URL=ws://127.0.0.1:${port}/v1\n`);
    expect(stdout).toContain('NO_PROXY=corp.example,127.0.0.1,localhost,::1\n');
    expect(stdout).toContain('no_proxy=corp.example,127.0.0.1,localhost,::1\n');
    expect(stdout).toContain(`OPENAI_API_KEY=${API_KEY}\n`);
  });

  it('passes stdin through to the child', { timeout: 30_000 }, async () => {
    const { code, stdout } = await runCmd([], ['node', '-e', 'process.stdin.pipe(process.stdout)'], { stdin: 'ping\npong\n' }).exit;
    expect(code).toBe(0);
    expect(stdout).toBe('ping\npong\n');
  });

  it('exits with the status of a child that fails, after the summary', { timeout: 60_000 }, async () => {
    const { code, stderr } = await runCmd([], ['node', path.join(AGENTS, 'openai-ws-agent.mjs')], { env: { AGENT_EXIT: '7' } }).exit;
    expect(code).toBe(7);
    expect(stderr).toMatch(/^run: node \S+ exited with status 7$/m);
    expect(stderr).toMatch(/^ {2}turns: 2 \(2 completed/m);
  });

  it('exits 128+N for a child killed by signal N', { timeout: 30_000 }, async () => {
    const { code, stderr } = await runCmd([], ['node', '-e', "process.kill(process.pid, 'SIGKILL')"]).exit;
    expect(code).toBe(128 + 9);
    expect(stderr).toMatch(/^run: node -e .+ was killed by SIGKILL$/m);
  });

  it('forwards SIGTERM to the child, and reports how it died', { timeout: 30_000 }, async () => {
    const cli = runCmd([], ['node', '-e', "console.log('ready'); setInterval(() => {}, 1000)"]);
    await cli.seen(/^ready$/m);
    // To run's pid only: the child can only get it from run.
    cli.child.kill('SIGTERM');
    const { code, stderr } = await cli.exit;
    expect(code).toBe(128 + 15);
    expect(stderr).toMatch(/was killed by SIGTERM$/m);
  });

  it.each(['SIGHUP', 'SIGINT'] as const)('forwards %s to a child that handles it, and exits with the status the child chose', { timeout: 30_000 }, async (signal) => {
    const script = `process.on('${signal}', () => { console.log('child got ${signal}'); process.exit(5) }); console.log('ready'); setInterval(() => {}, 1000)`;
    const cli = runCmd([], ['node', '-e', script]);
    await cli.seen(/^ready$/m);
    cli.child.kill(signal);
    const { code, stdout } = await cli.exit;
    expect(stdout).toContain(`child got ${signal}\n`);
    expect(code).toBe(5);
  });

  it('ends a run that saw nothing with one line naming the setting for each SDK', { timeout: 30_000 }, async () => {
    const { code, stdout, stderr } = await runCmd([], ['node', '-e', "console.log('hi')"]).exit;
    expect(code).toBe(0);
    expect(stdout).toBe('hi\n');
    const lines = stderr.split('\n').filter((l) => l.includes('saw no traffic'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/openai-node baseURL .*openai-python base_url.*@openai\/agents websocketBaseURL.*openai-agents OpenAIProvider\(websocket_base_url/);
    expect(stderr).toMatch(/^ {2}turns: 0 \(.*\) on 0 connections$/m);
  });

  it('says so when CMD does not exist (127)', { timeout: 30_000 }, async () => {
    const { code, stderr } = await runCmd([], ['no-such-command-ri-test']).exit;
    expect(code).toBe(127);
    expect(stderr).toContain('cannot run "no-such-command-ri-test": command not found');
  });

  it('--fail-on names the rule that fired and exits 3 when CMD exited 0; --json gives the summary', { timeout: 60_000 }, async () => {
    // The mock drops the connection during the second turn: a cut turn.
    const { code, stdout, stderr, capture } = await runCmd(['--fail-on', 'error,cut,turns>200', '--json'], ['node', path.join(AGENTS, 'openai-ws-agent.mjs')], {
      env: { AGENT_FAULT: 'close:1011' },
    }).exit;
    expect(code).toBe(3);
    expect(stderr).toMatch(/^responses-inspector: --fail-on cut fired: turns cut by their connection’s end: 1$/m);
    expect(stderr).not.toMatch(/--fail-on (error|turns>200) fired/);
    const doc = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(doc).toMatchObject({ format: 'responses-inspector.run-summary', turns: 2, completed: 1, cut: 1, capture, exitCode: 3 });
    expect(doc.fired).toEqual([{ rule: 'cut', value: 1, message: 'turns cut by their connection’s end: 1' }]);
    expect(doc.command).toMatchObject({ status: 0, signal: null });

    // The same rules on the saved capture.
    const check = await runCheck([capture, '--fail-on', 'error,cut']);
    expect(check.code).toBe(3);
    expect(check.stdout).toMatch(/^turns: 2 \(1 completed, 0 errors, 1 cut, 0 in flight\) on 1 connection$/m);
    expect(check.stderr).toMatch(/--fail-on cut fired/);
    expect((await runCheck([capture, '--fail-on', 'error,ttft-p95>10s'])).code).toBe(0);
  });

  it('keeps CMD’s own non-zero status when a rule fires too', { timeout: 60_000 }, async () => {
    const { code, stderr } = await runCmd(['--fail-on', 'cut'], ['node', path.join(AGENTS, 'openai-ws-agent.mjs')], { env: { AGENT_FAULT: 'close:1011', AGENT_EXIT: '7' } }).exit;
    expect(code).toBe(7);
    expect(stderr).toMatch(/--fail-on cut fired/);
  });

  it('--fail-on limit-unrecovered fires when the agent hits the connection limit and does not recover', { timeout: 60_000 }, async () => {
    const limited = await startMockServer({ toolCalls: 0, maxAgeMs: 1500, timing: { ttftMs: 10, deltaGapMs: 2, jitterMs: 0 } });
    try {
      // The agent waits past the limit before its second turn, which gets the limit error.
      const { code, stderr } = await runCmd(['--fail-on', 'limit-unrecovered'], ['node', path.join(AGENTS, 'openai-ws-agent.mjs')], {
        upstream: limited.url,
        env: { AGENT_PAUSE_MS: '2000' },
      }).exit;
      expect(stderr).toMatch(/^ {2}reconnects: 0 · limit hits: 1 \(1 unrecovered\) · cache misses: 0$/m);
      expect(stderr).toMatch(/--fail-on limit-unrecovered fired: connection-limit hits with no turn completed after on a new connection: 1$/m);
      expect(code).toBe(3);
    } finally {
      await limited.close();
    }
  });

  it('refuses an unknown rule with exit 2 naming it, before running CMD', { timeout: 30_000 }, async () => {
    const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-run-marker-')), 'ran');
    const { code, stderr } = await runCmd(['--fail-on', 'cut,slow'], ['node', '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`]).exit;
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/unknown --fail-on rule "slow"/);
    expect(existsSync(marker)).toBe(false);
  });

  it('--keep-open keeps the dashboard up after CMD exits, until Ctrl-C', { timeout: 30_000 }, async () => {
    const cli = runCmd(['--keep-open'], ['node', '-e', 'process.exitCode = 4']);
    await cli.seen(/the dashboard stays up until Ctrl-C: http:\S+\n/, 'stderr');
    expect(cli.child.exitCode).toBeNull();
    const dashboard = await fetch(new URL('/', (await dashboardUrl(cli)).replace(/#.*/, '')));
    expect(dashboard.status).toBe(200);
    cli.child.kill('SIGINT');
    const { code, stderr } = await cli.exit;
    expect(stderr).toMatch(/^run: node -e .+ exited with status 4$/m);
    expect(code).toBe(4);
  });

  it('--help is run’s own only before "--"', { timeout: 30_000 }, async () => {
    const { code, stdout } = await runCmd([], ['node', '-e', 'console.log(process.argv.at(-1))', '--', '--help']).exit;
    expect(code).toBe(0);
    expect(stdout).toBe('--help\n');
  });
});

function runCheck(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'check', ...args], { cwd: ROOT, env: userEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('responses-inspector check FILE --fail-on RULES', () => {
  it('gates a HAR written by another tool', { timeout: 30_000 }, async () => {
    const har = path.join(ROOT, 'server', 'testing', 'fixtures', 'chrome-devtools-websocket.har');
    const clean = await runCheck([har, '--fail-on', 'cut', '--json']);
    const doc = JSON.parse(clean.stdout);
    expect(doc.turns).toBeGreaterThan(0);
    expect(clean.code).toBe(doc.cut > 0 ? 3 : 0);
    const many = await runCheck([har, '--fail-on', 'turns>=1']);
    expect(many.code).toBe(3);
    expect(many.stderr).toMatch(/^responses-inspector: --fail-on turns>=1 fired: turns: \d+ \(>= 1\)$/m);
    // A HAR holds no fault records: a fault rule on it is refused instead of passing silently.
    const fault = await runCheck([har, '--fail-on', 'cut,fault-unrecovered']);
    expect(fault.code).toBe(2);
    expect(fault.stderr).toMatch(/^responses-inspector: --fail-on fault-unrecovered needs the capture \(\.ndjson\) the relay wrote: a HAR file holds no fault records$/m);
  });

  it.each([
    [['x.ndjson', '--fail-on', 'nope'], /unknown --fail-on rule "nope"/],
    [['x.ndjson'], /check needs --fail-on RULES/],
    [['/no/such/file.ndjson', '--fail-on', 'cut'], /cannot read \/no\/such\/file\.ndjson/],
  ])('exits 2 with one clear line for %j', { timeout: 30_000 }, async (args, message) => {
    const { code, stderr } = await runCheck(args);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});
