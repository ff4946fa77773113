import { describe, expect, it } from 'vitest';
import { formatRunSummary, nothingSeenLine, summarizeRun } from './runSummary.ts';
import { buildCaptureModel } from './turns.ts';
import { CaptureBuilder, textTurnEvents } from './testing/records.ts';

const create = (extra: object = {}) => ({ type: 'response.create', model: 'gpt-5.5', input: [], ...extra });
const limitError = { type: 'error', status: 400, error: { code: 'websocket_connection_limit_reached', message: 'limit' } };
const notFound = { type: 'error', status: 400, error: { code: 'previous_response_not_found', message: 'gone' } };

function turn(c: CaptureBuilder, conn: string, id: string, gap = 10) {
  c.send(conn, create());
  for (const ev of textTurnEvents(id, 'hi')) c.receive(conn, ev, gap);
}

function summaryOf(c: CaptureBuilder) {
  const m = buildCaptureModel(c.records);
  return summarizeRun(m.turns(), m.connections());
}

describe('summarizeRun', () => {
  it('counts a limit hit recovered on the reconnect, and the cache miss it cost', () => {
    const c = new CaptureBuilder();
    c.open('c1', { ua: 'a' }).upstreamOpen('c1');
    turn(c, 'c1', 'r1');
    c.send('c1', create({ previous_response_id: 'r1' }))
      .receive('c1', limitError, 5)
      .close('c1', { side: 'upstream', code: 1000, dt: 1 });
    c.open('c2', { ua: 'a', dt: 200 }).upstreamOpen('c2');
    c.send('c2', create({ previous_response_id: 'r1' })).receive('c2', notFound, 5);
    turn(c, 'c2', 'r2');
    const s = summaryOf(c);
    expect(s).toMatchObject({ connections: 2, turns: 4, completed: 2, errors: 2, reconnects: 1, limitHits: 1, limitUnrecovered: 0, cacheMisses: 1, refused: 0 });
    expect(s.ttftP50Ms).toBe(20);
    expect(s.tokens.total).toBe(30);
  });

  it('counts a limit hit as unrecovered when no later connection completes a turn', () => {
    const c = new CaptureBuilder();
    c.open('c1', { ua: 'a' }).upstreamOpen('c1');
    turn(c, 'c1', 'r1');
    c.send('c1', create()).receive('c1', limitError, 5).close('c1', { side: 'upstream', code: 1000 });
    // The agent reconnects but its turn is cut.
    c.open('c2', { ua: 'a', dt: 100 }).upstreamOpen('c2').send('c2', create()).close('c2', { side: 'upstream', code: 1011 });
    expect(summaryOf(c)).toMatchObject({ limitHits: 1, limitUnrecovered: 1, cut: 1, reconnects: 1 });
  });

  it('counts refused upgrades and turns still in flight', () => {
    const c = new CaptureBuilder();
    c.open('c1').error('c1', { status: 401, message: 'Unauthorized' });
    c.open('c2').upstreamOpen('c2').send('c2', create());
    expect(summaryOf(c)).toMatchObject({ connections: 2, refused: 1, inFlight: 1, turns: 1 });
  });
});

describe('formatRunSummary', () => {
  it('prints turns, errors, cuts, reconnects, limit hits, cache misses, TTFT, tokens and the capture', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    turn(c, 'c1', 'r1');
    const lines = formatRunSummary(summaryOf(c), '/tmp/x.ndjson');
    expect(lines).toEqual([
      'turns: 1 (1 completed, 0 errors, 0 cut, 0 in flight) on 1 connection',
      'reconnects: 0 · limit hits: 0 · cache misses: 0',
      'TTFT: p50 20 ms · p95 20 ms',
      'tokens: 10 in (0 cached) · 5 out (0 reasoning) · 15 total',
      'capture: /tmp/x.ndjson',
    ]);
  });

  it('shows an unmeasured TTFT as a dash', () => {
    expect(formatRunSummary(summaryOf(new CaptureBuilder()), null)[2]).toBe('TTFT: p50 – · p95 –');
  });
});

describe('nothingSeenLine', () => {
  it('is one line naming the setting for each SDK', () => {
    const line = nothingSeenLine();
    expect(line).not.toContain('\n');
    for (const s of ['openai-node baseURL', 'openai-python base_url', 'websocket_base_url', '@openai/agents websocketBaseURL', 'openai-agents OpenAIProvider', '--port'])
      expect(line).toContain(s);
  });

  it('names a failing child status first, so an unrelated error is not blamed on the base URL', () => {
    expect(nothingSeenLine(0)).not.toContain('exited');
    const line = nothingSeenLine(1);
    expect(line).not.toContain('\n');
    expect(line).toMatch(/^the relay saw no traffic and the command exited with status 1: .*see its output above/);
    expect(line).toContain('openai-node baseURL');
  });
});
