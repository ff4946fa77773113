/**
 * A large synthetic capture for the dashboard benchmarks: `turns` turns on one connection, each a
 * response.create, created, in_progress and `deltasPerTurn` text deltas of distinct items (so none
 * fold and every event is its own row), then completed. Records are ~200–300 bytes, like real deltas.
 */

import fs from 'node:fs';

export function writeLargeCapture(file: string, events: number, deltasPerTurn = 46): number {
  const fd = fs.openSync(file, 'w');
  let t = Date.now() - 600_000;
  let buf: string[] = [];
  const put = (o: object) => {
    buf.push(JSON.stringify(o));
    if (buf.length >= 5000) flush();
  };
  const flush = () => {
    fs.writeSync(fd, buf.join('\n') + '\n');
    buf = [];
  };
  put({ kind: 'capture.start', t, format: 'responses-inspector.capture', version: 1, upstream: 'ws://127.0.0.1:1/v1/responses', tool: { name: 'responses-inspector', version: 'bench' }, maxAgeMs: 3_600_000 });
  put({ kind: 'conn.open', t: (t += 1), conn: 'c1', path: '/v1/responses', headers: {} });
  put({ kind: 'conn.upstream_open', t: (t += 50), conn: 'c1', upstream: 'ws://127.0.0.1:1/v1/responses', status: 101, handshakeMs: 50 });
  let seq = 0;
  let n = 3;
  const frame = (dir: 'send' | 'receive', ev: object, gap: number) => {
    const data = JSON.stringify(ev);
    put({ kind: 'frame', t: (t += gap), conn: 'c1', seq: ++seq, dir, binary: false, size: data.length, data });
    n++;
  };
  for (let turn = 1; n < events; turn++) {
    const id = `resp_${turn}`;
    frame('send', { type: 'response.create', model: 'gpt-5.5', store: false, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: `question ${turn}` }] }] }, 300);
    frame('receive', { type: 'response.created', sequence_number: 0, response: { id, status: 'in_progress', output: [], usage: null } }, 120);
    frame('receive', { type: 'response.in_progress', sequence_number: 1, response: { id, status: 'in_progress', output: [], usage: null } }, 0.2);
    for (let d = 0; d < deltasPerTurn; d++) {
      frame('receive', { type: 'response.output_text.delta', sequence_number: d + 2, item_id: `msg_${turn}_${d}`, output_index: 0, content_index: 0, delta: `word${d} `, obfuscation: 'xK3pQ9aZ' }, 0.8);
    }
    frame('receive', { type: 'response.completed', sequence_number: deltasPerTurn + 2, response: { id, status: 'completed', output: [], usage: { input_tokens: 20, output_tokens: deltasPerTurn, total_tokens: 20 + deltasPerTurn } } }, 2);
  }
  flush();
  fs.closeSync(fd);
  return n;
}
