import WebSocket from 'ws';

/** One dashboard for `npm run bench`: reads the feed and counts capture lines. argv: PORT TOKEN. */
const [port, token] = process.argv.slice(2);
const origin = `http://127.0.0.1:${port}`;
const ws = new WebSocket(`ws://127.0.0.1:${port}/feed`, { headers: { origin, 'x-inspector-token': token }, perMessageDeflate: false, maxPayload: 0 });
let lines = 0;
ws.on('message', (data: Buffer, binary) => {
  if (!binary) return;
  for (let i = data.indexOf(10); i !== -1; i = data.indexOf(10, i + 1)) lines++;
});
ws.on('open', () => process.stdout.write('{"feed":"open"}\n'));
process.on('SIGTERM', () => {
  process.stdout.write(`${JSON.stringify({ lines })}\n`);
  process.exit(0);
});
