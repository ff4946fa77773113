/**
 * Playwright fixtures: `inspector` starts the real CLI (`node server/bin/responses-inspector.mjs`)
 * as a child process on a free loopback port, waits for its `dashboard:` line, and stops it with
 * SIGINT after the test (the CLI then flushes its capture). `dashboard` is a page already open on it.
 * A test picks the command with `test.use({ cli: ['open', file] })`; the default is `demo`, and the
 * CLI with `bin`, `cwd` and `env` (an installed copy of the package, e2e/installed.spec.ts).
 */

import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs');

export interface Inspector {
  dashboardUrl: string;
  /** The `relay:` line, when the command prints one. */
  relayUrl?: string;
  capturesDir: string;
  output(): string;
}

interface Fixtures {
  cli: string[];
  bin: string;
  cwd: string;
  env: Record<string, string>;
  inspector: Inspector;
  dashboard: Page;
}

export const test = base.extend<Fixtures>({
  cli: [['demo'], { option: true }],
  bin: [BIN, { option: true }],
  cwd: [ROOT, { option: true }],
  env: [{}, { option: true }],
  inspector: async ({ cli, bin, cwd, env }, use, testInfo) => {
    const capturesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ri-e2e-'));
    const args = [bin, ...cli, '--no-open', '--port', '0'];
    if (cli[0] === 'demo' || cli[0] === 'start') args.push('--captures', capturesDir);
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    try {
      const dashboardUrl = await waitForLine(child, () => out, /^dashboard: (\S+)/m, 30_000);
      const relay = /^relay: (\S+)/m.exec(out);
      await use({ dashboardUrl, relayUrl: relay?.[1], capturesDir, output: () => out });
    } finally {
      await stop(child);
      await testInfo.attach('cli-output', { body: out, contentType: 'text/plain' });
      fs.rmSync(capturesDir, { recursive: true, force: true });
    }
  },
  dashboard: async ({ page, inspector }, use) => {
    await page.goto(inspector.dashboardUrl);
    await expect(page.getByTestId('feed-status')).toHaveAttribute('data-status', 'open');
    await use(page);
  },
});

export { expect };

function waitForLine(child: ChildProcess, text: () => string, re: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no "dashboard:" line within ${timeoutMs} ms:\n${text()}`)), timeoutMs);
    const check = () => {
      const m = re.exec(text());
      if (m) done(null, m[1]);
    };
    const onExit = (code: number | null) => done(new Error(`the CLI exited (${code}) before printing its dashboard URL:\n${text()}`));
    function done(err: Error | null, value?: string) {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value!);
    }
    child.stdout!.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Drags the handle `testId` by `dx` pixels, grabbed `grab` pixels inside its box, as a mouse would. */
export async function dragHandle(page: Page, testId: string, dx: number, grab = { x: 3, y: 5 }): Promise<void> {
  const box = (await page.getByTestId(testId).boundingBox())!;
  await page.mouse.move(box.x + grab.x, box.y + grab.y);
  await page.mouse.down();
  await page.mouse.move(box.x + grab.x + dx, box.y + grab.y, { steps: 4 });
  await page.mouse.up();
}

/**
 * Presses End and waits until the timeline has drawn its last row. A saved capture opens at its first
 * rows; End sets the scroll at once, but the list draws the rows there only after the scroll event a
 * frame later. A locator read in between finds the top rows still drawn, and a click on one scrolls
 * the list back to its top.
 */
export async function toTimelineEnd(page: Page): Promise<void> {
  await page.keyboard.press('End');
  await expect
    .poll(() =>
      page.evaluate(() => {
        type El = { scrollTop: number; clientHeight: number; scrollHeight: number; getAttribute(n: string): string | null };
        const doc = (globalThis as unknown as { document: { querySelector(s: string): El | null } }).document;
        const el = doc.querySelector('[data-testid="timeline-scroll"]');
        const count = doc.querySelector('[data-testid="timeline"]')?.getAttribute('aria-rowcount');
        return el !== null && el.scrollTop + el.clientHeight >= el.scrollHeight - 1 && doc.querySelector(`.tl-scroll [role="row"][aria-rowindex="${count}"]`) !== null;
      }),
    )
    .toBe(true);
}
