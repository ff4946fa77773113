/** The header: it says when a run ended, and stays one line with a file open from 1024 px up. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { writeSampleCapture } from './sampleCapture.ts';

test.describe('a demo that ends by itself', () => {
  test.use({ cli: ['demo', '--duration', '8s'] });

  test('says "ended" with the end time once capture.end arrived, not "retrying"', async ({ dashboard: page, inspector }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const status = page.getByTestId('feed-status');
    await expect(status).toHaveText(/^● ended \d\d:\d\d:\d\d\.\d{3}$/, { timeout: 30_000 });
    await expect(status).toHaveAttribute('data-tone', 'ended');
    // The relay is gone now (the demo exited): the header still says the run ended.
    await expect(status).not.toHaveAttribute('data-status', 'open', { timeout: 30_000 });
    await expect(status).toHaveText(/ended/);
    await expect(status).not.toHaveText(/retrying|connecting/);
    // No tail to follow once nothing more will come.
    await expect(page.getByTestId('follow-state')).toHaveCount(0);
    // The capture's name is shown short, its full path in the tooltip.
    const file = page.locator('.capture-file');
    await expect(file).toHaveAttribute('title', new RegExp(`${inspector.capturesDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*\\.ndjson$`));
    await expect(file).toHaveText(/^\d\d:\d\d:\d\dZ :\d+$/);
    await page.screenshot({ path: test.info().outputPath('1280x800-live-ended.png') });
    // The closed connection counts down to nothing: no countdown bar, its age says how long it lived.
    const closed = page.locator('[data-testid=connection-card][data-status=closed]').first();
    await expect(closed).toBeVisible();
    await expect(closed.getByTestId('connection-age')).toBeVisible();
    await expect(closed.getByTestId('countdown')).toHaveCount(0);
  });
});

test.describe('a capture served by `open`, then another file opened', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ri-header-'));
  const served = path.join(dir, '2026-12-07T02-26-03-867Z-43809.ndjson');
  const opened = path.join(dir, 'agent-session-with-a-long-name.ndjson');
  writeSampleCapture(served);
  writeSampleCapture(opened);
  test.use({ cli: ['open', served] });

  test('the Captures menu marks the served file as open, not live, and writes every time one way', async ({ dashboard: page }) => {
    await page.getByTestId('captures-button').click();
    const served = page.locator('[data-testid=capture-item][data-name="2026-12-07T02-26-03-867Z-43809.ndjson"]');
    await expect(served).toBeVisible();
    await expect(page.getByTestId('capture-live')).toHaveCount(0);
    await expect(served.getByTestId('capture-served')).toHaveText('open');
    const cells = await served.locator('td').allTextContents();
    expect(cells[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(cells[3]).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(cells[4]).toMatch(/^\d\d:\d\d:\d\d$/);
  });

  for (const [width, height] of [
    [1024, 768],
    [1280, 800],
    [1920, 1080],
  ]) {
    test(`at ${width}x${height} the header stays one line and names the opened file`, async ({ dashboard: page }) => {
      await page.setViewportSize({ width, height });
      await expect(page.getByTestId('timeline-row').first()).toBeVisible();
      const header = page.locator('.app-header');
      const before = (await header.boundingBox())!.height;
      await page.getByTestId('file-input').setInputFiles(opened);
      const name = page.locator('[data-testid=source-badge] .name');
      await expect(name).toContainText('agent-session');
      await expect(name).toHaveAttribute('title', 'agent-session-with-a-long-name.ndjson');
      // Readable, not a sliver: at least a few characters wide.
      expect((await name.boundingBox())!.width).toBeGreaterThan(60);
      await page.screenshot({ path: test.info().outputPath(`${width}x${height}-open-file-header.png`) });
      expect((await header.boundingBox())!.height).toBe(before);
      await expect(page.getByTestId('back-to-live')).toHaveAttribute('title', /^Back to 2026-12-07T02-26-03-867Z-43809\.ndjson/);
      // Every action stays inside the window, none drawn over the next.
      const boxes = await page
        .locator('.header-actions button, .header-actions select')
        .evaluateAll((els) => els.filter((e) => e.getClientRects().length > 0).map((e) => [e.getBoundingClientRect().left, e.getBoundingClientRect().right, e.textContent]));
      expect(boxes.length).toBeGreaterThan(5);
      for (let i = 0; i < boxes.length; i++) {
        expect(boxes[i][1] as number, String(boxes[i][2])).toBeLessThanOrEqual(width);
        if (i > 0) expect(boxes[i][0] as number, String(boxes[i][2])).toBeGreaterThanOrEqual(boxes[i - 1][1] as number);
      }
    });
  }
});
