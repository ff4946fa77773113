/**
 * Writes a synthetic capture of many short connections for benchmarks: each one opens, makes one
 * small request and its answer (two frames), and closes; `overlap` of them are open at any time, so
 * their frames interleave as an agent's parallel calls do. This is the shape that made the HAR
 * export quadratic in connections.
 */
import fs from 'node:fs';
import { CAPTURE_FORMAT, CAPTURE_VERSION } from '../../src/core/capture.ts';

export async function makeConnections(file: string, conns: number, overlap = 8): Promise<{ bytes: number; records: number }> {
  const out = fs.createWriteStream(file, { mode: 0o600 });
  let t = 1_795_586_400_000;
  let records = 0;
  let parts: string[] = [];
  let size = 0;
  const push = async (rec: object) => {
    const line = JSON.stringify(rec) + '\n';
    parts.push(line);
    size += line.length;
    records++;
    if (size > 4 * 1024 * 1024) {
      const ok = out.write(parts.join(''));
      parts = [];
      size = 0;
      if (!ok) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  };
  const tick = () => (t = Math.round((t + 0.37) * 1000) / 1000);
  await push({
    kind: 'capture.start',
    t,
    format: CAPTURE_FORMAT,
    version: CAPTURE_VERSION,
    upstream: 'wss://api.openai.com/v1/responses',
    tool: { name: 'responses-inspector', version: 'bench' },
    maxAgeMs: 3_600_000,
  });
  const request = JSON.stringify({ type: 'response.create', model: 'gpt-5.5', input: 'What is the weather in Paris?' });
  const answer = (i: number) =>
    JSON.stringify({
      type: 'response.completed',
      response: { id: `resp_${i}`, status: 'completed', output: [{ type: 'message', content: [{ type: 'output_text', text: 'Sunny, 21 °C.' }] }] },
    });
  // Stages of one connection, advanced round-robin over a window of `overlap` connections.
  const stage = new Map<number, number>();
  let opened = 0;
  let done = 0;
  while (done < conns) {
    while (stage.size < overlap && opened < conns) stage.set(++opened, 0);
    for (const [i, s] of stage) {
      const conn = `c${i}`;
      if (s === 0) await push({ kind: 'conn.open', t: tick(), conn, path: '/v1/responses', headers: { authorization: '[redacted]', 'user-agent': 'bench/1' } });
      else if (s === 1) await push({ kind: 'conn.upstream_open', t: tick(), conn, upstream: 'wss://api.openai.com/v1/responses', status: 101, handshakeMs: 12 });
      else if (s === 2) await push({ kind: 'frame', t: tick(), conn, seq: 1, dir: 'send', binary: false, size: request.length, data: request });
      else if (s === 3) await push({ kind: 'frame', t: tick(), conn, seq: 2, dir: 'receive', binary: false, size: answer(i).length, data: answer(i) });
      else {
        await push({ kind: 'conn.close', t: tick(), conn, side: 'client', code: 1000, reason: '' });
        stage.delete(i);
        done++;
        continue;
      }
      stage.set(i, s + 1);
    }
  }
  out.write(parts.join(''));
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { bytes: fs.statSync(file).size, records };
}
