import { beforeEach, describe, expect, it } from 'vitest';
import { createDashboardStore } from '../store/index.ts';
import { installPageClock } from './testing/pageClock.ts';

installPageClock();
const store = createDashboardStore();
const openLocalFile = (f: File) => store.getState().openLocalFile(f);

const start = {
  kind: 'capture.start',
  t: 1_000,
  format: 'responses-inspector.capture',
  version: 1,
  upstream: 'wss://api.openai.com/v1/responses',
  tool: { name: 'responses-inspector', version: '0.1.0' },
  maxAgeMs: 3_600_000,
};
const open = { kind: 'conn.open', t: 1_001, conn: 'c1', path: '/v1/responses', headers: {} };

function file(name: string, lines: string[]): File {
  return new File([lines.join('\n') + '\n'], name);
}

const good = (name: string) => file(name, [JSON.stringify(start), JSON.stringify(open)]);
const broken = (name: string) => file(name, [JSON.stringify(start), '{"kind":"frame", not json', JSON.stringify(open)]);

function messages(): string[] {
  return store.getState().alerts.map((a) => a.message);
}

describe('opening files one after another', () => {
  beforeEach(() => {
    const s = store.getState();
    for (const a of s.alerts) s.dismissAlert(a.id);
  });

  it('clears the previous file’s warnings when the next file is shown', async () => {
    expect((await openLocalFile(broken('a.ndjson'))).ok).toBe(true);
    expect(messages().some((m) => m.includes('a.ndjson'))).toBe(true);
    expect((await openLocalFile(broken('b.ndjson'))).ok).toBe(true);
    expect(messages().filter((m) => m.includes('a.ndjson'))).toEqual([]);
    expect(messages().filter((m) => m.includes('b.ndjson'))).toHaveLength(1);
    expect((await openLocalFile(good('c.ndjson'))).ok).toBe(true);
    expect(messages()).toEqual([]);
    expect(store.getState().source).toEqual({ kind: 'file', name: 'c.ndjson', origin: 'drop' });
  });

  it('keeps a refused file’s error while the view stays, and drops it once another file is shown', async () => {
    expect((await openLocalFile(good('shown.ndjson'))).ok).toBe(true);
    expect((await openLocalFile(file('empty.ndjson', ['not a capture']))).ok).toBe(false);
    expect(messages().some((m) => m.startsWith('Could not open empty.ndjson'))).toBe(true);
    expect((await openLocalFile(good('next.ndjson'))).ok).toBe(true);
    expect(messages()).toEqual([]);
  });

  it('keeps the relay’s own alert (its capture is not being written) across files', async () => {
    store.getState().addAlert('error', 'The capture is not being written: ENOSPC. Traffic is still forwarded.', 'relay');
    await openLocalFile(broken('a.ndjson'));
    await openLocalFile(good('b.ndjson'));
    expect(messages()).toEqual(['The capture is not being written: ENOSPC. Traffic is still forwarded.']);
  });
});
