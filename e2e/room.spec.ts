/**
 * Room to read, nothing jumps: the turn detail's height, one-line filters, lists that scroll sideways
 * with their header, the turns table's keys and resizable columns, a waterfall that fills its band,
 * search marks in the JSON tree, markers that can be hovered, and a served file not shown as live.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { dragHandle, expect, test } from './fixtures.ts';
import { writeSampleCapture } from './sampleCapture.ts';
import { writeSessionCapture } from './sessionCapture.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ri-room-'));
const sample = path.join(dir, 'sample.ndjson');
writeSampleCapture(sample);
const session = path.join(dir, 'session.ndjson');
writeSessionCapture(session, { turns: 60, agentMs: 900, failAt: 40 });

/** Whether the elements share one line: each one's middle within the tallest one's height. */
const oneLine = async (page: Page, selector: string) => {
  const boxes = await Promise.all((await page.locator(selector).all()).map((l) => l.boundingBox()));
  const shown = boxes.filter((b) => b && b.height > 0) as { y: number; height: number }[];
  const mids = shown.map((b) => b.y + b.height / 2);
  return Math.max(...mids) - Math.min(...mids) <= Math.max(...shown.map((b) => b.height)) / 2;
};

/** A box's edges, rounded to the pixel. */
const box = async (page: Page, selector: string) => {
  const b = (await page.locator(selector).first().boundingBox())!;
  return { top: Math.round(b.y), bottom: Math.round(b.y + b.height), left: Math.round(b.x), right: Math.round(b.x + b.width), height: Math.round(b.height) };
};

test.describe('a reopened capture at 1280×800', () => {
  test.use({ cli: ['open', sample], viewport: { width: 1280, height: 800 } });

  test('a selected turn shows its tabs and at least 15 lines of its content, with no page scroll', async ({ dashboard: page }) => {
    await page.getByTestId('turn-row').first().click();
    await expect(page.getByTestId('turn-detail')).toBeVisible();
    const tabs = await box(page, '[data-testid=turn-detail] [role=tablist]');
    const detail = await box(page, '[data-testid=detail]');
    expect(tabs.top).toBeGreaterThanOrEqual(0);
    // Page code as text: e2e is type-checked without the DOM.
    const lineHeight = Number(await page.evaluate(`parseFloat(getComputedStyle(document.querySelector('[data-testid=detail]')).lineHeight)`));
    expect((Math.min(detail.bottom, 800) - tabs.bottom) / lineHeight).toBeGreaterThanOrEqual(15);
    expect(Number(await page.evaluate('document.scrollingElement.scrollHeight'))).toBeLessThanOrEqual(800);
  });

  test('the filter bar keeps to one line and the summary shows every figure without a scroll', async ({ dashboard: page }) => {
    await expect(page.getByTestId('turn-row').first()).toBeVisible();
    expect(await oneLine(page, '.filter-bar > *')).toBe(true);
    const summary = page.locator('.insights-summary');
    expect(await summary.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(0);
    // A bad regex says so in the bar's fixed slot: still one line.
    await page.getByTestId('search-regex').check();
    await page.getByTestId('search-input').fill('(unclosed');
    await expect(page.getByTestId('match-count')).toContainText('bad regex');
    expect(await oneLine(page, '.filter-bar > *')).toBe(true);
  });

  test('the search marks its matches in the JSON tree, and counts rows both ways', async ({ dashboard: page }) => {
    await expect(page.getByTestId('turn-row').first()).toBeVisible();
    await page.keyboard.press('/');
    // One input event: typed letter by letter, a shorter prefix's count could be read before the last.
    await page.getByTestId('search-input').fill('previous_response_not_found');
    const count = page.getByTestId('match-count');
    await expect(count).toHaveText(/^\d+ match(es)?$/);
    const total = Number((await count.textContent())!.split(' ')[0]);
    await expect(page.getByTestId('timeline-row')).toHaveCount(total);
    await page.keyboard.press('Enter');
    await expect(count).toHaveText(`1 / ${total}`);
    // The error's code sits two levels down in the payload: marked there.
    await expect(page.locator('[data-testid=json-tree] mark.hit').first()).toHaveText('previous_response_not_found');
  });

  test('stepping to a match brings its first mark into the detail pane, without moving the panes', async ({ dashboard: page }) => {
    await expect(page.getByTestId('turn-row').first()).toBeVisible();
    await page.keyboard.press('/');
    // In every tool definition of a response.create, below its instructions and its turn's tabs.
    await page.getByTestId('search-input').fill('strict');
    await expect(page.getByTestId('match-count')).toHaveText(/^\d+ match(es)?$/);
    const before = await page
      .locator('.turns-pane')
      .boundingBox()
      .catch(() => null);
    await page.keyboard.press('Enter');
    const mark = page.locator('[data-testid=detail] [data-testid=json-tree] mark.hit').first();
    await expect(mark).toBeAttached();
    await expect
      .poll(async () => {
        const [m, d] = [await mark.boundingBox(), await page.getByTestId('detail').boundingBox()];
        return m !== null && d !== null && m.y >= d.y && m.y + m.height <= d.y + d.height;
      })
      .toBe(true);
    expect(
      await page
        .locator('.turns-pane')
        .boundingBox()
        .catch(() => null),
    ).toEqual(before);
  });

  test('a limit or cache-miss triangle is on top of the reconnect line, and the legend names it', async ({ dashboard: page }) => {
    await expect(page.getByTestId('legend-limit')).toContainText('limit');
    await expect(page.getByTestId('legend-cache-miss')).toContainText('cache miss');
    for (const kind of ['limit', 'cache-miss']) {
      const marker = page.locator(`[data-testid=wf-marker][data-kind=${kind}] path`).first();
      await expect(marker).toBeVisible();
      const b = (await marker.boundingBox())!;
      const x = b.x + b.width / 2;
      const y = b.y + b.height * 0.7;
      const onTop = await page.evaluate(`document.elementFromPoint(${x}, ${y})?.closest('[data-testid=wf-marker]')?.getAttribute('data-kind')`);
      expect(onTop).toBe(kind);
      await page.mouse.move(x, y);
      await expect(page.locator('.wf-tooltip strong')).toHaveText(kind);
    }
  });

  test('a file served by `open` is not shown in the live colour', async ({ dashboard: page }) => {
    const status = page.getByTestId('feed-status');
    await expect(status).toContainText('file');
    const [fileColour, liveColour] = (await page.evaluate(`(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--ok)';
      document.body.append(probe);
      const live = getComputedStyle(probe).color;
      probe.remove();
      return [getComputedStyle(document.querySelector('[data-testid=feed-status]')).color, live];
    })()`)) as string[];
    expect(fileColour).not.toBe(liveColour);
  });

  test('the waterfall fills its band at every width from 1024 to 2560', async ({ dashboard: page }) => {
    await expect(page.getByTestId('wf-bar').first()).toBeVisible();
    for (const [width, height] of [
      [1024, 768],
      [1280, 800],
      [1920, 1080],
      [2560, 1440],
    ]) {
      await page.setViewportSize({ width, height });
      await expect
        .poll(
          async () => {
            const plot = await box(page, '.wf-plot');
            const chart = await box(page, '.wf-plot svg.recharts-surface');
            return chart.height - plot.height;
          },
          { message: `the chart's height at ${width}×${height}` },
        )
        .toBeGreaterThanOrEqual(-2);
      // The tracks share the height: the lowest bar sits in the plot's lower half, not under the axis.
      const plot = await box(page, '.wf-plot');
      const lowest = Math.max(...(await page.locator('[data-testid=wf-bar] rect').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom))));
      expect(lowest, `${width}×${height}`).toBeGreaterThan(plot.top + plot.height / 2);
    }
  });
});

test.describe('a session of 60 turns', () => {
  test.use({ cli: ['open', session], viewport: { width: 1280, height: 800 } });

  test('↑/↓ and PageDown step through the turns table, the selected turn kept in view away from the edge', async ({ dashboard: page }) => {
    const rows = page.getByTestId('turn-row');
    await rows.first().click();
    await expect(page.getByRole('grid', { name: 'Turns' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const selected = page.locator('[data-testid=turn-row][aria-selected=true]');
    await expect(selected).toHaveAttribute('data-index', '3');
    await page.keyboard.press('ArrowUp');
    await expect(selected).toHaveAttribute('data-index', '2');
    await expect(page.getByTestId('turn-detail')).toContainText('Turn #2');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await expect(selected).toHaveAttribute('data-index', '22');
    await expect(selected).toBeInViewport();
    const scroll = await box(page, '.t-scroll');
    const row = await box(page, '[data-testid=turn-row][aria-selected=true]');
    expect(row.bottom).toBeLessThanOrEqual(scroll.bottom - 20);
    expect(row.top).toBeGreaterThanOrEqual(scroll.top);
  });

  test('a turn selected elsewhere scrolls into view in the turns table; a jump lands clear of the timeline edge', async ({ dashboard: page }) => {
    await expect(page.getByTestId('turn-row').first()).toBeVisible();
    await page.getByRole('heading', { name: 'Responses Inspector' }).click();
    await page.keyboard.press('e');
    const selectedFrame = page.locator('[data-testid=timeline-row][aria-selected=true]');
    await expect(selectedFrame).toHaveAttribute('data-type', 'response.failed');
    const tl = await box(page, '.tl-scroll');
    const frame = await box(page, '[data-testid=timeline-row][aria-selected=true]');
    expect(frame.bottom).toBeLessThanOrEqual(tl.bottom - 20);
    expect(frame.top).toBeGreaterThanOrEqual(tl.top);
    const turn = page.locator('[data-testid=turn-row][aria-selected=true]');
    await expect(turn).toHaveAttribute('data-index', '40');
    await expect(turn).toBeInViewport();
  });

  test('turns-table columns resize by their header edge, follow in every row and keep their width', async ({ dashboard: page }) => {
    await expect(page.getByTestId('turn-row').first()).toBeVisible();
    const head = page.locator('.t-head .t-model');
    const before = (await head.boundingBox())!.width;
    await dragHandle(page, 'col-resize-turn-model', 40);
    const after = (await head.boundingBox())!.width;
    expect(Math.round(after - before)).toBe(40);
    expect(Math.round((await page.locator('[data-testid=turn-row] .t-model').first().boundingBox())!.width)).toBe(Math.round(after));
    await page.reload();
    await expect(page.getByTestId('turn-row').first()).toBeVisible();
    expect(Math.round((await page.locator('.t-head .t-model').boundingBox())!.width)).toBe(Math.round(after));
  });

  test('at 1024 px the lists reach their last column (scrolling sideways when they must), the header row with them', async ({ dashboard: page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect(page.getByTestId('turn-row').first()).toBeVisible();
    // The turns table's columns need more than its pane at 1024: it scrolls.
    expect(await page.locator('.t-scroll').evaluate((e) => e.scrollWidth - e.clientWidth)).toBeGreaterThan(0);
    for (const [scroller, head, cell] of [
      ['.t-scroll', '.t-head .t-wf', '[data-testid=turn-row] .t-wf'],
      ['.tl-scroll', '.tl-head .c-size', '[data-testid=timeline-row] .c-size'],
    ]) {
      const el = page.locator(scroller);
      await el.evaluate((e) => (e.scrollLeft = e.scrollWidth));
      await expect.poll(async () => Math.round((await box(page, head)).left - (await box(page, cell)).left), { message: scroller }).toBe(0);
      const pane = await box(page, scroller);
      expect((await box(page, cell)).right, scroller).toBeLessThanOrEqual(pane.right);
    }
  });
});
