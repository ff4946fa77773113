/**
 * The browser the CLI opens itself: the opener's command line carries a one-time code, never the
 * token; the bootstrap page exchanges the code for the session, and a second use is refused.
 */

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, ROOT, test } from './fixtures.ts';
import { writeSampleCapture } from './sampleCapture.ts';

test('the launch code opens the dashboard once, and a second use is refused', async ({ page, browser }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ri-launch-'));
  const file = path.join(dir, 'sample.ndjson');
  writeSampleCapture(file);
  const seen = path.join(dir, 'opened');
  fs.writeFileSync(path.join(dir, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > "${seen}.tmp" && mv "${seen}.tmp" "${seen}"\n`);
  fs.chmodSync(path.join(dir, 'xdg-open'), 0o755);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dir}:${process.env.PATH}` };
  delete env.CI;
  const child = spawn(process.execPath, [path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs'), 'open', file, '--port', '0'], { cwd: ROOT, env });
  try {
    await expect.poll(() => fs.existsSync(seen), { timeout: 30_000 }).toBe(true);
    const url = fs.readFileSync(seen, 'utf8');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#code=[0-9a-f]{32}$/);
    await page.goto(url);
    await expect(page.getByTestId('feed-status')).toHaveAttribute('data-status', 'open');
    await expect(page.getByTestId('timeline-row').first()).toBeVisible();
    // The code is spent: a second browser (no cookie) gets the bootstrap page's refusal.
    const other = await browser.newPage();
    await other.goto(url);
    await expect(other.locator('#status')).toContainText('already used or has expired');
    await other.close();
  } finally {
    child.kill('SIGINT');
  }
});
