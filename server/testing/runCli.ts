import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../paths.ts';

/** The CLI's entry point, for tests that drive a long-running command themselves. */
export const BIN = path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs');

/**
 * Runs the real CLI to its end, asynchronously (a test's own servers, e.g. an OTLP receiver, keep
 * answering meanwhile), with CI set so that no browser opens.
 */
export function runCli(
  args: string[],
  opts: { timeoutMs?: number; cwd?: string; env?: Record<string, string> } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // timeoutMs: a command that should end by itself but hangs is killed (status null), never left running.
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, CI: '1', ...opts.env }, timeout: opts.timeoutMs, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
