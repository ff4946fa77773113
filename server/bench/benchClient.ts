import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/**
 * One agent for `npm run bench`, in its own process. argv: URL rtt SIZE COUNT | URL stream SIZE COUNT.
 * Prints one JSON line with the result.
 */
const [url, mode, sizeArg, countArg] = process.argv.slice(2);
const size = Number(sizeArg);
const count = Number(countArg);
const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 0, headers: { authorization: 'Bearer sk-bench-0000000000000000000000' } });

ws.on('open', () => (mode === 'rtt' ? rtt() : stream()));
// `paced`: SIZE is the rate in frames/s, COUNT the number of frames.
ws.on('error', (err) => {
  process.stderr.write(`bench client: ${err.message}\n`);
  process.exit(1);
});

function rtt(): void {
  const payload = Buffer.from(`{"type":"response.output_text.delta","delta":"${'y'.repeat(Math.max(0, size - 40))}"}`);
  const times: number[] = [];
  let started = 0;
  const warmup = Math.min(500, count / 10);
  ws.on('message', () => {
    const t = performance.now();
    if (times.length + 1 > warmup || started !== 0) times.push(t - started);
    if (times.length >= count + warmup) return done();
    started = performance.now();
    ws.send(payload, { binary: false });
  });
  started = performance.now();
  ws.send(payload, { binary: false });
  function done() {
    const sorted = times.slice(warmup).sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 1000;
    process.stdout.write(`${JSON.stringify({ p50us: q(0.5), p99us: q(0.99), maxus: sorted[sorted.length - 1] * 1000, n: sorted.length })}\n`);
    ws.close();
  }
}

function stream(): void {
  let n = 0;
  let bytes = 0;
  let first = 0;
  ws.on('message', (data: Buffer) => {
    if (data.length < 64 && data.includes('"bench":"done"')) {
      const seconds = (performance.now() - first) / 1000;
      process.stdout.write(`${JSON.stringify({ frames: n, framesPerSec: n / seconds, mbPerSec: bytes / seconds / 1e6 })}\n`);
      return ws.close();
    }
    if (n === 0) first = performance.now();
    n++;
    bytes += data.length;
  });
  ws.send(JSON.stringify(mode === 'paced' ? { bench: 'paced', n: count, rate: size } : { bench: 'stream', n: count, size }));
}
