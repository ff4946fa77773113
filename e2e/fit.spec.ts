/** What a new user sees at the smallest supported window: nothing drawn over anything else. */

import { expect, test } from './fixtures.ts';

test('at 1024x768 the search count stays clear of the clear button and the row count', async ({ dashboard: page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(page.getByTestId('timeline-row').filter({ hasText: 'response.completed' }).first()).toBeVisible({ timeout: 30_000 });
  const input = page.getByTestId('search-input');
  await input.fill('response.completed');
  await input.press('Enter');
  await input.press('Enter');
  await expect(page.getByTestId('match-count')).toHaveText(/^2 \/ \d+$/);
  const box = async (id: string) => (await page.getByTestId(id).boundingBox())!;
  const count = await box('match-count');
  const clear = await box('clear-filters');
  const rows = await box('row-count');
  // The count's own text fits its box (not cut) and ends before the next control starts.
  expect(await page.getByTestId('match-count').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  expect(count.x + count.width).toBeLessThanOrEqual(clear.x);
  expect(clear.x + clear.width).toBeLessThanOrEqual(rows.x);
  expect(rows.x + rows.width).toBeLessThanOrEqual((await page.locator('.filter-bar').boundingBox())!.x + (await page.locator('.filter-bar').boundingBox())!.width);
  await page.screenshot({ path: test.info().outputPath('1024x768-search.png') });
});

for (const [width, height] of [[1920, 1080]]) {
  test(`at ${width}x${height} the longest common event names are not cut`, async ({ dashboard: page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height });
    const row = page.getByTestId('timeline-row').filter({ hasText: 'response.function_call_arguments.done' }).first();
    // Late enough that the demo's lanes have appeared: the lane column takes its room too.
    await expect(page.locator('.timeline:not(.no-lanes)')).toHaveCount(1, { timeout: 60_000 });
    await expect(row).toBeVisible({ timeout: 30_000 });
    const cell = row.locator('.c-type');
    expect(await cell.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    const folded = page
      .getByTestId('timeline-row')
      .filter({ has: page.getByTestId('fold-toggle') })
      .filter({ hasText: 'response.function_call_arguments.delta' })
      .first();
    await expect(folded).toBeVisible();
    expect(await folded.locator('.c-type').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  });
}

for (const scheme of ['dark', 'light'] as const)
  test(`${scheme} theme: the waterfall lane labels and ticks are readable (contrast at least 4.5:1)`, async ({ dashboard: page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(page.getByTestId('wf-bar').first()).toBeVisible({ timeout: 30_000 });
    const found = (await page.evaluate(`(() => {
    const rgb = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
    const lum = (c) => {
      const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let el = document.querySelector('.wf-plot');
    let bg = getComputedStyle(el).backgroundColor;
    while (el && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) { el = el.parentElement; bg = el ? getComputedStyle(el).backgroundColor : 'rgb(255,255,255)'; }
    return [...document.querySelectorAll('.wf-plot .recharts-cartesian-axis-tick-value')].map((t) => {
      const s = getComputedStyle(t);
      const [a, b] = [lum(s.fill), lum(bg)].sort((x, y) => y - x);
      return { text: t.textContent, ratio: (a + 0.05) / (b + 0.05) };
    });
  })()`)) as { text: string; ratio: number }[];
    expect(found.length).toBeGreaterThan(1);
    for (const t of found) {
      expect(t.ratio, t.text).toBeGreaterThanOrEqual(4.5);
    }
  });

for (const scheme of ['dark', 'light'] as const)
  test(`${scheme} theme: muted text is readable on every background it sits on (contrast at least 4.5:1)`, async ({ dashboard: page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(page.getByTestId('connection-card').first()).toBeVisible({ timeout: 30_000 });
    await expect.poll(async () => Number(await page.getByTestId('timeline').getAttribute('aria-rowcount')), { timeout: 30_000 }).toBeGreaterThan(10);
    // A selected row's Δ sits on the selection's colour, the others on the rows' two stripes.
    await page.getByTestId('timeline-row').nth(3).click();
    const found = (await page.evaluate(`(() => {
    const rgba = (c) => { const v = c.match(/\\d+(\\.\\d+)?/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    // The text's colour over the first opaque background behind it, faded by any opacity on the way.
    const seen = (el) => {
      let fg = rgba(getComputedStyle(el).color);
      let alpha = 1;
      let bg = [255, 255, 255];
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        alpha *= Number(s.opacity);
        const b = rgba(s.backgroundColor);
        if (b[3] > 0) { bg = b; break; }
      }
      fg = fg.map((v, i) => (i < 3 ? alpha * v + (1 - alpha) * bg[i] : v));
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
    };
    const pick = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.textContent.trim() !== '').slice(0, 12);
    return [
      ...pick('.tl-scroll .tl-line .c-delta').map((e) => ({ what: 'Δ ' + e.textContent, ratio: seen(e) })),
      ...pick('.tl-head [role=columnheader]').map((e) => ({ what: 'header ' + e.textContent, ratio: seen(e) })),
      ...pick('[data-testid=connection-card] .muted').map((e) => ({ what: 'card ' + e.textContent, ratio: seen(e) })),
    ];
  })()`)) as { what: string; ratio: number }[];
    expect(found.filter((f) => f.what.startsWith('Δ')).length).toBeGreaterThan(3);
    expect(found.filter((f) => f.what.startsWith('header')).length).toBeGreaterThan(3);
    expect(found.filter((f) => f.what.startsWith('card')).length).toBeGreaterThan(0);
    for (const f of found) expect(f.ratio, f.what).toBeGreaterThanOrEqual(4.5);
  });

test('while replaying, the last timeline rows scroll clear of the replay bar', async ({ dashboard: page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  // More rows than the list shows, so the end is scrolled to.
  await expect.poll(async () => Number(await page.getByTestId('timeline').getAttribute('aria-rowcount')), { timeout: 30_000 }).toBeGreaterThan(60);
  await page.getByTestId('replay-start').click();
  const bar = page.getByTestId('replay-bar');
  await page.getByTestId('replay-speed-max').click();
  await page.getByTestId('replay-play').click();
  await expect(bar).toHaveAttribute('data-playing', 'false', { timeout: 30_000 });
  const scroll = page.getByTestId('timeline-scroll');
  await scroll.evaluate((e) => {
    e.scrollTop = e.scrollHeight;
  });
  const count = Number(await page.getByTestId('timeline').getAttribute('aria-rowcount'));
  const last = page.locator(`[data-testid=timeline-row][aria-rowindex="${count}"]`);
  await expect(last).toBeVisible();
  const rowBox = (await last.boundingBox())!;
  const barBox = (await bar.boundingBox())!;
  expect(rowBox.y + rowBox.height).toBeLessThanOrEqual(barBox.y);
});
