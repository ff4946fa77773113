import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from '../mock/testClient.ts';
import { ROOT } from '../paths.ts';

const BIN = path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs');
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function mockCli(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'mock', ...args], { cwd: ROOT });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c));
  const url = new Promise<string>((resolve) =>
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c;
      const m = /^mock: (ws:\/\/127\.0\.0\.1:\d+\/v1\/responses)$/m.exec(stdout);
      if (m) resolve(m[1]);
    }),
  );
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, url, exit };
}

describe('responses-inspector mock', () => {
  it('prints its URL, serves responses with the given timing and exits 0 on SIGTERM', async () => {
    const cli = mockCli(['--port', '0', '--ttft', '0', '--delta-gap', '0', '--jitter', '0', '--max-age', '1h']);
    const client = await TestClient.connect(await cli.url);
    const frames = await client.turn({ type: 'response.create', model: 'gpt-5.5', input: 'Hi' });
    expect(frames.at(-1)?.type).toBe('response.completed');
    client.close();
    cli.child.kill('SIGTERM');
    expect((await cli.exit).code).toBe(0);
  });

  it('applies --fault to responses', async () => {
    const cli = mockCli(['--port', '0', '--ttft', '0', '--fault', 'close:4001:bye']);
    const client = await TestClient.connect(await cli.url);
    client.send({ type: 'response.create', model: 'gpt-5.5', input: 'Hi' });
    expect(await client.closed).toEqual({ code: 4001, reason: 'bye' });
    cli.child.kill('SIGINT');
    expect((await cli.exit).code).toBe(0);
  });

  it('exits 2 with one line when the port is taken', async () => {
    const first = mockCli(['--port', '0']);
    const port = new URL(await first.url).port;
    const { code, stderr } = await mockCli(['--port', port]).exit;
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`port ${port} is already in use`));
    first.child.kill('SIGTERM');
    expect((await first.exit).code).toBe(0);
  });

  it.each([
    [['--ttft', 'fast'], /--ttft must be a whole number/],
    [['--max-age', 'soon'], /--max-age: invalid duration/],
    [['--fault', 'explode'], /--fault: fault "explode" is not one of/],
    [['--bogus'], /bogus/],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const { code, stderr } = await mockCli(['--port', '0', ...args]).exit;
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});
