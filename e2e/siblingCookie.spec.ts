/**
 * Cookies ignore ports: a page on another localhost port can set a cookie named like the
 * dashboard's on /api and /feed, which Chromium then sends before the real one there. The dashboard
 * must keep working, and a reload must too.
 */

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { writeSampleCapture } from './sampleCapture.ts';

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ri-cookie-')), 'sample.ndjson');
writeSampleCapture(file);
test.use({ cli: ['open', file] });

test('a same-name cookie planted by a page on a sibling port does not lock the dashboard out', async ({ dashboard: page, inspector }) => {
  const port = new URL(inspector.dashboardUrl).port;
  const sibling = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><script>
      document.cookie = 'ri_token_${port}=forged; path=/api';
      document.cookie = 'ri_token_${port}=forged; path=/feed';
      document.title = 'planted';
    </script>`);
  });
  await new Promise<void>((r) => sibling.listen(0, '127.0.0.1', r));
  try {
    const evil = await page.context().newPage();
    await evil.goto(`http://127.0.0.1:${(sibling.address() as AddressInfo).port}/`);
    await expect(evil).toHaveTitle('planted');
    const planted = (await page.context().cookies()).filter((c) => c.name === `ri_token_${port}` && c.value === 'forged');
    expect(planted.map((c) => c.path).sort()).toEqual(['/api', '/feed']);
    await evil.close();

    // The dashboard, reloaded: its feed socket and its API answer despite the planted cookies.
    await page.reload();
    await expect(page.getByTestId('feed-status')).toHaveAttribute('data-status', 'open');
    await expect(page.getByTestId('timeline-row').first()).toBeVisible();
    expect(await page.evaluate(async () => (await fetch('/api/info')).status)).toBe(200);
  } finally {
    sibling.close();
  }
});
