import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMock } from '../mock/mockServer.ts';
import { ROOT } from '../paths.ts';
import { BIN } from '../testing/runCli.ts';

/** `run --faults PLAN` on the compiled CLI, with a naive agent (the openai SDK, no recovery code). */
const AGENT = path.join(ROOT, 'server', 'run', 'testdata', 'openai-ws-agent.mjs');

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMockServer({ toolCalls: 0, timing: { ttftMs: 10, deltaGapMs: 2, jitterMs: 0 } });
});
afterAll(() => mock.close());

function run(flags: string[], command: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const captures = mkdtempSync(path.join(os.tmpdir(), 'ri-faults-cli-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OPENAI_')) env[k] = v;
  const child = spawn(process.execPath, [BIN, 'run', '--upstream', mock.url, '--captures', captures, ...flags, '--', ...command], {
    cwd: ROOT,
    env: { ...env, CI: '1', OPENAI_API_KEY: 'sk-faults-cli' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('run --faults', () => {
  it('injects a plan read from @FILE; the summary gives each fault’s verdict and --fail-on fault-unrecovered fires for an agent with no recovery', {
    timeout: 60_000,
  }, async () => {
    const plan = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-plan-')), 'plan.txt');
    writeFileSync(plan, '# the second request hits the limit\nevery 2nd response.create: limit\n');
    const { code, stderr } = await run(['--faults', `@${plan}`, '--fail-on', 'fault-unrecovered'], ['node', AGENT]);
    expect(stderr).toMatch(/^ {2}faults injected: 1 \(1 unrecovered\)$/m);
    expect(stderr).toMatch(/^ {4}NOT RECOVERED: limit on c1 \(every 2nd response.create: limit\): no new connection opened; the interrupted turn c1#2 was never finished$/m);
    expect(stderr).toMatch(/--fail-on fault-unrecovered fired: injected faults the agent did not recover from: 1$/m);
    expect(code).toBe(3);
  });

  it('a fault the agent gets through (added latency) is recovered, and the rule does not fire', { timeout: 60_000 }, async () => {
    const { code, stderr, stdout } = await run(['--faults', 'on connection 1: ttft+300ms; delay 5ms jitter 5ms', '--fail-on', 'fault-unrecovered'], ['node', AGENT]);
    expect(stdout).toMatch(/^answer 2: /m);
    expect(stderr).toMatch(/^ {2}faults injected: 4 \(0 unrecovered\)$/m);
    expect(stderr).not.toMatch(/fired/);
    expect(code).toBe(0);
  });

  it('refuses a bad plan with exit 2 and one line naming the bad part, before running CMD', { timeout: 30_000 }, async () => {
    const { code, stderr } = await run(['--faults', 'at 10s: limit; every 3rd response.create: explode'], ['node', '-e', 'console.log("ran")']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^responses-inspector: --faults: unknown fault "explode"; faults: limit \| cache-loss/)]);
  });
});
