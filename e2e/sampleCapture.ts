/**
 * A capture built from the real recording (server/mock/testdata/recording.jsonl) (two turns: a tool call, then text),
 * followed by a limit error, a reconnect and previous_response_not_found on the new socket.
 */

import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './fixtures.ts';

// The copy kept in the repo (server/mock/testdata/README.md gives its source): CI clones have no ../shared.
const RECORDING = path.join(ROOT, 'server', 'mock', 'testdata', 'recording.jsonl');

/** A capture's first line, as the relay writes it (`extra`: more header fields, e.g. maxAgeMs). */
export function captureStart(t: number, extra: object = {}): object {
  return {
    kind: 'capture.start',
    t,
    format: 'responses-inspector.capture',
    version: 1,
    upstream: 'wss://api.openai.com/v1/responses',
    tool: { name: 'responses-inspector', version: '0.1.0' },
    ...extra,
  };
}

export function writeSampleCapture(file: string, start = Date.now() - 30_000): void {
  const frames = fs
    .readFileSync(RECORDING, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { dir: 'send' | 'receive'; frame: unknown });
  let t = start;
  const out: object[] = [];
  const upstream = 'wss://api.openai.com/v1/responses';
  out.push(captureStart(t, { maxAgeMs: 3_600_000 }));
  const seqs: Record<string, number> = {};
  const open = (conn: string) => {
    out.push({ kind: 'conn.open', t: (t += 1), conn, path: '/v1/responses', headers: { 'user-agent': 'OpenAI/Python 2.32.0' } });
    out.push({ kind: 'conn.upstream_open', t: (t += 87.456), conn, upstream, status: 101, handshakeMs: 87.456 });
  };
  const frame = (conn: string, dir: 'send' | 'receive', ev: unknown, gap: number) => {
    const data = JSON.stringify(ev);
    seqs[conn] = (seqs[conn] ?? 0) + 1;
    out.push({ kind: 'frame', t: (t += gap), conn, seq: seqs[conn], dir, binary: false, size: Buffer.byteLength(data), data });
  };
  open('c1');
  for (const f of frames) frame('c1', f.dir, f.frame, f.dir === 'send' ? 700.25 : 3.217);
  const stale = { type: 'response.create', model: 'gpt-4o-mini', previous_response_id: 'resp_gone', input: [] };
  frame('c1', 'send', stale, 500);
  frame(
    'c1',
    'receive',
    {
      type: 'error',
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'websocket_connection_limit_reached',
        message: 'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.',
      },
    },
    20,
  );
  out.push({ kind: 'conn.close', t: (t += 5), conn: 'c1', side: 'upstream', code: 1000, reason: '' });
  open('c2');
  frame('c2', 'send', stale, 10);
  frame(
    'c2',
    'receive',
    { type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: "Previous response with id 'resp_gone' not found." } },
    20,
  );
  fs.writeFileSync(file, out.map((o) => JSON.stringify(o)).join('\n') + '\n');
}
