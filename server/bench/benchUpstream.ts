import { WebSocketServer } from 'ws';

/**
 * The upstream for `npm run bench`, in its own process: echoes every frame (round-trip tests), and
 * on a `{"bench":"stream","n":N,"size":S}` text frame sends N JSON text frames of S bytes back to
 * back, pausing while more than 4 MiB is queued, then `{"bench":"done"}`.
 */
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
wss.on('listening', () => process.stdout.write(`${JSON.stringify({ port: (wss.address() as { port: number }).port })}\n`));
wss.on('connection', (ws) => {
  ws.on('message', (data: Buffer, isBinary) => {
    if (!isBinary && data[0] === 0x7b && data.includes('"bench":"paced"')) {
      // A live agent's pace: `rate` delta frames a second, sent in 10 ms ticks.
      const { n, rate } = JSON.parse(data.toString()) as { n: number; rate: number };
      const started = Date.now();
      let i = 0;
      const tick = () => {
        const due = Math.min(n, Math.floor(((Date.now() - started) / 1000) * rate));
        for (; i < due; i++) ws.send(`{"type":"response.output_text.delta","sequence_number":${i},"item_id":"msg_1","output_index":0,"content_index":0,"delta":"token ${i} "}`);
        if (i < n) setTimeout(tick, 10);
        else ws.send('{"bench":"done"}');
      };
      tick();
      return;
    }
    if (!isBinary && data[0] === 0x7b && data.includes('"bench":"stream"')) {
      const { n, size } = JSON.parse(data.toString()) as { n: number; size: number };
      const head = '{"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"';
      const frame = Buffer.from(`${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`);
      let i = 0;
      const pump = () => {
        while (i < n) {
          ws.send(frame, { binary: false });
          i++;
          if (ws.bufferedAmount > 4 * 1024 * 1024) return void setImmediate(pump);
        }
        ws.send('{"bench":"done"}');
      };
      pump();
      return;
    }
    ws.send(data, { binary: isBinary });
  });
  ws.on('error', () => undefined);
});
