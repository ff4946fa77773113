import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureStats } from '../demo/captureStats.ts';
import { ROOT } from '../paths.ts';

const BIN = path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs');
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function demoCli(args: string[]) {
  const captures = mkdtempSync(path.join(os.tmpdir(), 'ri-demo-cli-'));
  const child = spawn(process.execPath, [BIN, 'demo', '--port', '0', '--captures', captures, ...args], { cwd: ROOT, env: { ...process.env, CI: '1' } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const seen = (pattern: RegExp) =>
    new Promise<void>((resolve) => {
      const check = () => pattern.test(stdout) && resolve();
      child.stdout!.on('data', check);
      check();
    });
  child.stdout!.on('data', (c: Buffer) => (stdout += c));
  child.stderr!.on('data', (c: Buffer) => (stderr += c));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, exit, seen, captureOf: () => /^capture: (.+)$/m.exec(stdout)?.[1] ?? '' };
}

describe('responses-inspector demo', () => {
  it('with --duration, runs the demo (limit and reconnect included) and exits 0 by itself', { timeout: 60_000 }, async () => {
    const cli = demoCli(['--no-open', '--max-age', '6s', '--duration', '9s']);
    const { code, stdout } = await cli.exit;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^relay: ws:\/\/127\.0\.0\.1:\d+\/v1\/responses$/m);
    expect(stdout).toMatch(/^dashboard: http:\/\/127\.0\.0\.1:\d+\/#token=\w+$/m);
    expect(stdout).toMatch(/^demo: stopped after \d+ turns, \d+ tool calls, [2-9] connections$/m);
    const stats = captureStats(cli.captureOf());
    expect(stats.limitErrorsOn[0]).toBe('c1');
    expect(stats.createsAfterLimit).toBeGreaterThan(0);
    expect(readFileSync(cli.captureOf(), 'utf8')).toContain('"kind":"capture.end"');
  });

  it('ends cleanly on SIGINT with the capture flushed', { timeout: 30_000 }, async () => {
    const cli = demoCli(['--no-open']);
    await cli.seen(/^capture: /m);
    while (captureStats(cli.captureOf()).toolCallTurns < 2) await new Promise((r) => setTimeout(r, 200));
    cli.child.kill('SIGINT');
    const { code } = await cli.exit;
    expect(code).toBe(0);
    const stats = captureStats(cli.captureOf());
    expect(stats.toolCallTurns).toBeGreaterThanOrEqual(2);
    expect(stats.closes.at(-1)).toMatchObject({ side: 'client', code: 1000 });
    expect(readFileSync(cli.captureOf(), 'utf8').trim().split('\n').at(-1)).toContain('"kind":"capture.end"');
  });

  it.each([
    [['--upstream', 'ws://127.0.0.1:9/v1/responses'], /demo uses its own mock upstream/],
    [['--duration', 'soon'], /--duration: invalid duration/],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const { code, stderr } = await demoCli(args).exit;
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});
