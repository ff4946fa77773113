/**
 * Writes a synthetic capture for benchmarks: `records` lines (default 1,000,000, about 300 MB)
 * of realistic Responses traffic on 4 interleaved connections: turns of a `response.create`, the
 * created/in_progress events, ~20 text deltas of ~300 bytes each, and `response.completed`.
 *
 *   node --import tsx server/bench/makeCapture.ts OUT.ndjson [records]
 */
import fs from 'node:fs';
import { CAPTURE_FORMAT, CAPTURE_VERSION } from '../../src/core/capture.ts';
import { frameLine } from '../tee/lines.ts';

export async function makeCapture(file: string, records = 1_000_000): Promise<{ bytes: number; records: number }> {
  const out = fs.createWriteStream(file, { mode: 0o600 });
  let t = 1_795_586_400_000;
  let n = 0;
  let parts: string[] = [];
  let size = 0;
  const push = async (line: string) => {
    parts.push(line, '\n');
    size += line.length + 1;
    n++;
    if (size > 4 * 1024 * 1024) {
      const ok = out.write(parts.join(''));
      parts = [];
      size = 0;
      if (!ok) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  };
  const CONNS = 4;
  const seq = new Array<number>(CONNS).fill(0);
  const prev: (string | null)[] = new Array(CONNS).fill(null);
  await push(
    JSON.stringify({
      kind: 'capture.start',
      t,
      format: CAPTURE_FORMAT,
      version: CAPTURE_VERSION,
      upstream: 'wss://api.openai.com/v1/responses',
      tool: { name: 'responses-inspector', version: 'bench' },
      maxAgeMs: 3_600_000,
    }),
  );
  for (let c = 0; c < CONNS; c++) {
    await push(JSON.stringify({ kind: 'conn.open', t: (t += 0.5), conn: `c${c + 1}`, path: '/v1/responses', headers: { authorization: '[redacted]', 'user-agent': 'bench/1' } }));
    await push(JSON.stringify({ kind: 'conn.upstream_open', t: (t += 40), conn: `c${c + 1}`, upstream: 'wss://api.openai.com/v1/responses', status: 101, handshakeMs: 40 }));
  }
  const filler = 'The quick brown fox jumps over the lazy dog while the relay records every frame. ';
  const delta = filler.slice(0, 48);
  let turn = 0;
  const frame = (c: number, dir: 'send' | 'receive', payload: string) =>
    push(frameLine(`c${c + 1}`, ++seq[c], dir, (t = Math.round((t + 0.731) * 1000) / 1000), Buffer.from(payload), false));
  // 24 frames a turn; whole turns only, then single frames to reach the exact count.
  while (n + 24 <= records - CONNS) {
    const c = turn % CONNS;
    const id = `resp_${++turn}`;
    const create = {
      type: 'response.create',
      model: 'gpt-5.5',
      store: false,
      previous_response_id: prev[c],
      input: [{ type: 'function_call_output', call_id: `call_${turn}`, output: filler }],
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    };
    await frame(c, 'send', JSON.stringify(create));
    const response = { id, object: 'response', status: 'in_progress', model: 'gpt-5.5', previous_response_id: prev[c], output: [], usage: null };
    await frame(c, 'receive', JSON.stringify({ type: 'response.created', sequence_number: 0, response }));
    await frame(c, 'receive', JSON.stringify({ type: 'response.in_progress', sequence_number: 1, response }));
    for (let d = 0; d < 20; d++) {
      await frame(
        c,
        'receive',
        JSON.stringify({ type: 'response.output_text.delta', sequence_number: d + 2, item_id: `msg_${turn}`, output_index: 0, content_index: 0, logprobs: [], delta }),
      );
    }
    await frame(
      c,
      'receive',
      JSON.stringify({
        type: 'response.completed',
        sequence_number: 22,
        response: {
          ...response,
          status: 'completed',
          usage: { input_tokens: 500, input_tokens_details: { cached_tokens: 400 }, output_tokens: 900, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 1400 },
        },
      }),
    );
    prev[c] = id;
  }
  while (n < records - CONNS) await frame(0, 'receive', JSON.stringify({ type: 'response.output_text.delta', sequence_number: 99, item_id: 'msg_pad', delta }));
  for (let c = 0; c < CONNS && n < records; c++) await push(JSON.stringify({ kind: 'conn.close', t: (t += 1), conn: `c${c + 1}`, side: 'client', code: 1000, reason: '' }));
  out.write(parts.join(''));
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  // On disk before anything is timed: otherwise the kernel writes these 300 MB back while the export
  // or the dashboard is being measured (measured: +1.4 s on a 9 s export).
  const fd = fs.openSync(file, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  return { bytes: fs.statSync(file).size, records: n };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [file, count] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node --import tsx server/bench/makeCapture.ts OUT.ndjson [records]\n');
    process.exit(2);
  }
  const r = await makeCapture(file, count ? Number(count) : undefined);
  process.stdout.write(`${file}: ${r.records} records, ${(r.bytes / 1e6).toFixed(1)} MB\n`);
}
