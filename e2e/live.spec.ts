/**
 * The live dashboard against `start` with a scripted upstream and agent (liveHarness.ts), so that
 * each behaviour is checked at a known moment: rows appearing live, filters and search, the detail,
 * the ticking countdown, and a reconnect.
 */

import { WebSocket } from 'ws';
import { connectAgent, REFUSED_KEY, startScriptedUpstream, type ScriptedUpstream } from './liveHarness.ts';
import { expect, test as base } from './fixtures.ts';

const test = base.extend<{ upstream: ScriptedUpstream }>({
  upstream: async ({}, use) => {
    const upstream = await startScriptedUpstream();
    await use(upstream);
    await upstream.close();
  },
  cli: async ({ upstream }, use) => use(['start', '--upstream', upstream.url, '--max-age', '3m']),
});

test('says how to connect an agent while none is connected', async ({ dashboard: page, inspector }) => {
  // A reload logs no error in the console; the icon is inline, so browsers that fetch favicons
  // (headless Chromium does not) never ask the token-protected server for /favicon.ico.
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.reload();
  await expect(page.getByTestId('feed-status')).toHaveAttribute('data-status', 'open');
  const base = inspector.relayUrl!.replace(/^ws:/, 'http:').replace(/\/responses$/, '');
  await expect(page.getByTestId('base-url')).toHaveText(base);
  await expect(page.getByTestId('snippet-python')).toContainText(`websocket_base_url="${base.replace('http:', 'ws:')}"`);
  await expect(page.getByTestId('snippet-node')).toContainText(`baseURL: '${base}'`);
  await expect(page.getByTestId('snippet-agents')).toContainText('OPENAI_WEBSOCKET_BASE_URL');
  expect(errors).toEqual([]);
  await expect(page.locator('link[rel=icon]')).toHaveAttribute('href', /^data:image\/svg\+xml,/);
  // ? lists the keyboard shortcuts; Esc closes the list.
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toContainText('Esc');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts')).toHaveCount(0);
  // The search box's placeholder fits in it: the same text as a value (with the clear button a
  // search box then shows) does not scroll. Page code as text: e2e is type-checked without the DOM.
  const fits = await page.evaluate(`(() => {
    const el = document.querySelector('[data-testid=search-input]');
    el.value = el.placeholder;
    const fits = el.scrollWidth <= el.clientWidth;
    el.value = '';
    return fits;
  })()`);
  expect(fits).toBe(true);

  // At 1024×768 (the widest header: live, with Pause): no sideways page scroll, the header's and the
  // waterfall's controls on screen, and each SDK's snippet (one tab at a time) inside the empty
  // state, which ends above the timeline's header.
  await page.setViewportSize({ width: 1024, height: 768 });
  expect(await page.evaluate('document.documentElement.scrollWidth <= innerWidth')).toBe(true);
  for (const id of ['export-har', 'turn-count', 'pause', 'shortcuts-button', 'wf-fit']) {
    const box = (await page.getByTestId(id).boundingBox())!;
    expect(box.x + box.width, id).toBeLessThanOrEqual(1024);
  }
  for (const id of ['python', 'node', 'agents']) {
    await page.getByTestId(`snippet-tab-${id}`).click();
    const area = (await page.getByTestId('empty-state').boundingBox())!;
    const box = (await page.getByTestId(`snippet-${id}`).boundingBox())!;
    expect(box.y + box.height, id).toBeLessThanOrEqual(area.y + area.height);
    expect(box.x + box.width, id).toBeLessThanOrEqual(area.x + area.width);
    expect(area.y + area.height, id).toBeLessThanOrEqual((await page.locator('.tl-head').boundingBox())!.y);
  }
  // The captures panel opens inside the page once the header has wrapped.
  await page.getByRole('button', { name: /Captures/ }).click();
  expect((await page.getByTestId('captures-panel').boundingBox())!.x).toBeGreaterThanOrEqual(0);
});

test('rows appear live, filters and search narrow them, the detail shows the JSON', async ({ dashboard: page, inspector }) => {
  const agent = await connectAgent(inspector.relayUrl!);
  await agent.turn('What is the weather in Paris?');
  const rows = page.getByTestId('timeline-row');
  await expect(rows.filter({ hasText: 'response.completed' })).toHaveCount(1);
  await expect(page.getByTestId('empty-state')).toHaveCount(0);
  // Deltas of one item are folded into one row that counts them.
  await expect(page.getByTestId('fold-toggle')).toContainText('6×');
  const before = await rows.count();
  await agent.turn('And tomorrow?');
  await expect(rows.filter({ hasText: 'response.completed' })).toHaveCount(2);
  expect(await rows.count()).toBeGreaterThan(before);

  // Direction filter: only the two response.create frames are sent by the agent.
  // Esc closes the open menu and keeps the filter; a second Esc is the page's (clears the filters).
  // By keyboard: Space opens the menu, arrows move through its options (never the timeline behind
  // it), Space toggles the focused one.
  const dirMenu = page.getByTestId('filter-dir').getByRole('listbox');
  const selected = page.locator('[data-testid=timeline-row][aria-selected=true]');
  await page.getByTestId('filter-dir').getByRole('button').focus();
  await page.keyboard.press('Space');
  for (const key of ['ArrowDown', 'ArrowDown', 'ArrowUp']) await page.keyboard.press(key);
  const send = page.getByRole('option', { name: 'send' }).getByRole('checkbox');
  await expect(send).toBeFocused();
  await expect(selected).toHaveCount(0);
  await page.keyboard.press('Space');
  await expect(send).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(dirMenu).toHaveCount(0);
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toHaveAttribute('data-type', 'response.create');
  // Esc closes the innermost thing first: the detail, and the filter stays; then the filter.
  await rows.first().click();
  await expect(page.getByTestId('detail-type')).toHaveText('response.create');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('detail')).toHaveCount(0);
  await expect(rows).toHaveCount(2);
  await page.keyboard.press('Escape');
  await expect(rows.filter({ hasText: 'response.completed' })).toHaveCount(2);
  await expect(page.getByTestId('clear-filters')).toHaveCount(0);

  // Search over payloads, with the count of matching rows; `/` focuses it.
  await page.getByRole('heading', { name: 'Responses Inspector' }).click();
  await page.keyboard.press('/');
  await page.keyboard.type('tomorrow');
  await expect(page.getByTestId('match-count')).toHaveText('1 match');
  await expect(rows).toHaveCount(1);
  // Enter steps to the next match with its detail open ("n of N"), the focus staying in the box;
  // ↓ goes to the results, with the focus on the timeline.
  await page.keyboard.press('Enter');
  await expect(selected).toHaveAttribute('data-type', 'response.create');
  await expect(page.getByTestId('detail-type')).toHaveText('response.create');
  await expect(page.getByTestId('match-count')).toHaveText('1 / 1');
  await expect(page.locator('[data-testid=timeline-row] mark.hit')).toHaveText(['tomorrow']);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('timeline-scroll')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('detail')).toHaveCount(0);
  await expect(page.getByTestId('match-count')).toHaveText('1 / 1');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('match-count')).toHaveText('');
  await page.keyboard.press('Escape');
  await expect(selected).toHaveCount(0);

  // Keyboard: the last row is selected with ↑ from nothing; Enter opens its JSON.
  await page.getByRole('heading', { name: 'Responses Inspector' }).click();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-type')).toHaveText('response.completed');
  await expect(page.getByTestId('json-tree')).toContainText('"completed"');
  await expect(page.getByTestId('turn-output')).toHaveText('The weather in Paris is mild.');
  await page.getByTestId('tab-raw').click();
  await expect(page.getByTestId('raw-text')).toContainText('"type":"response.completed"');
  // With the detail open, the timeline's summary column keeps at least 24 characters (~165 px).
  for (const width of [1024, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    expect((await page.locator('.tl-head .c-summary').boundingBox())!.width, `at ${width}px`).toBeGreaterThan(150);
  }
  agent.close();
});

test('the countdown ticks and a reconnect is shown', async ({ dashboard: page, inspector, upstream }) => {
  const first = await connectAgent(inspector.relayUrl!);
  await first.turn('hello');
  const card = page.locator('[data-testid=connection-card][data-status=open]');
  const text = card.getByTestId('countdown-text');
  await expect(text).toContainText('left');
  await expect(card).toContainText('1 turn ·');
  const t0 = await text.textContent();
  await expect(text).not.toHaveText(t0!, { timeout: 5000 });

  // The upstream drops the socket (1011); the agent reconnects like an SDK would.
  upstream.dropAll(1011, 'upstream error');
  await first.closed;
  const second = await connectAgent(inspector.relayUrl!);
  await second.turn('again');
  await expect(page.getByTestId('row-badge').filter({ hasText: /reconnect ←/ })).toBeVisible();
  await expect(page.locator('[data-testid=connection-card] [data-testid=connection-replaces]')).toBeVisible();
  await expect(page.locator('[data-testid=connection-card][data-status=closed] [data-testid=connection-close]')).toContainText('1011');
  await page.screenshot({ path: test.info().outputPath('live-reconnect.png') });
  second.close();
});

test('a browser that opens late gets everything so far over HTTP, then the live records, none lost or twice', async ({ dashboard: page, inspector, context }) => {
  const agent = await connectAgent(inspector.relayUrl!);
  await agent.turn('What is the weather in Paris?');
  await agent.turn('And tomorrow?');
  const records = async (p: typeof page) => Number(/([\d,]+) records/.exec((await p.getByTestId('row-count').textContent()) ?? '')?.[1].replace(/,/g, '') ?? 0);
  await expect(page.getByTestId('timeline-row').filter({ hasText: 'response.completed' })).toHaveCount(2);

  const late = await context.newPage();
  const backlog = late.waitForResponse((r) => r.url().includes('/api/feed-backlog') && r.status() === 200);
  await late.goto(inspector.dashboardUrl);
  await backlog;
  await expect(late.getByTestId('timeline-row').filter({ hasText: 'response.completed' })).toHaveCount(2);
  await agent.turn('And the day after?');
  await expect(late.getByTestId('timeline-row').filter({ hasText: 'response.completed' })).toHaveCount(3);
  await expect(page.getByTestId('timeline-row').filter({ hasText: 'response.completed' })).toHaveCount(3);
  await expect.poll(() => records(late)).toBe(await records(page));
  expect(await records(page)).toBeGreaterThan(20);
  agent.close();
});

test('a refused upgrade has no ticking age and no countdown', async ({ dashboard: page, inspector }) => {
  // The scripted upstream answers 401 to this key (liveHarness.ts), as the API does to a bad one.
  const ws = new WebSocket(inspector.relayUrl!, { headers: { authorization: `Bearer ${REFUSED_KEY}` } });
  await new Promise((resolve) => ws.once('error', resolve));
  const card = page.locator('[data-testid=connection-card][data-status=refused]');
  const age = card.getByTestId('connection-age');
  await expect(age).toHaveText(/^after \d/);
  const shown = await age.textContent();
  await page.waitForTimeout(1100);
  await expect(age).toHaveText(shown!);
  await expect(card.getByTestId('countdown')).toHaveCount(0);
});
