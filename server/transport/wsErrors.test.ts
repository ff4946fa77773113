import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protocolErrorCloseCode } from './wsErrors.ts';

/**
 * The relay records and mirrors the close code ws sent a peer that broke the protocol, derived from
 * the error's documented `code`. Each case here makes the installed ws fail a real connection and
 * compares that derivation with the close code ws actually put on the wire: an upgrade of ws that
 * renames a code or sends another close code fails here, not silently in a capture.
 */

const MAX_PAYLOAD = 64;
let wss: WebSocketServer;
let port: number;
const serverErrors: (Error & { code?: string })[] = [];

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });
  await new Promise<void>((r) => wss.once('listening', r));
  port = (wss.address() as AddressInfo).port;
  wss.on('connection', (ws) => ws.on('error', (err) => serverErrors.push(err)));
});
afterAll(() => new Promise<void>((r) => wss.close(() => r())));

/** A client frame: FIN and opcode byte, then the length (7-bit or 16-bit), masked with a zero key unless `masked` is false. */
function frame(first: number, payload: Buffer, masked = true): Buffer {
  const len = payload.length < 126 ? Buffer.from([(masked ? 0x80 : 0) | payload.length]) : Buffer.from([(masked ? 0x80 : 0) | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([Buffer.from([first]), len, masked ? Buffer.alloc(4) : Buffer.alloc(0), payload]);
}

/** Opens a raw connection, sends `bytes` after the upgrade, and returns the close code of the server's close frame. */
async function closeCodeFor(bytes: Buffer): Promise<number> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  let received = Buffer.alloc(0);
  let upgraded = false;
  return new Promise<number>((resolve, reject) => {
    socket.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d]);
      if (!upgraded) {
        const end = received.indexOf('\r\n\r\n');
        if (end === -1) return;
        upgraded = true;
        received = received.subarray(end + 4);
        socket.write(bytes);
      }
      if (received.length >= 4) {
        if (received[0] !== 0x88) reject(new Error(`expected a close frame, got byte ${received[0]}`));
        resolve(received.readUInt16BE(2));
        socket.destroy();
      }
    });
    socket.write(
      `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}

describe('protocolErrorCloseCode, against the installed ws', () => {
  const cases: [string, string, Buffer][] = [
    ['a text frame that is not UTF-8', 'WS_ERR_INVALID_UTF8', frame(0x81, Buffer.from([0xff, 0xfe]))],
    ['an unmasked client frame', 'WS_ERR_EXPECTED_MASK', frame(0x81, Buffer.from('a'), false)],
    ['an unknown opcode', 'WS_ERR_INVALID_OPCODE', frame(0x83, Buffer.from('a'))],
    ['a reserved bit set', 'WS_ERR_UNEXPECTED_RSV_2_3', frame(0xa1, Buffer.from('a'))],
    ['RSV1 without compression', 'WS_ERR_UNEXPECTED_RSV_1', frame(0xc1, Buffer.from('a'))],
    ['a fragmented ping', 'WS_ERR_EXPECTED_FIN', frame(0x09, Buffer.from('a'))],
    ['a close code no endpoint may send', 'WS_ERR_INVALID_CLOSE_CODE', frame(0x88, Buffer.from([0x03, 0xe7]))],
    ['a ping over 125 bytes', 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH', frame(0x89, Buffer.alloc(126))],
    ['a frame over maxPayload', 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', frame(0x82, Buffer.alloc(MAX_PAYLOAD + 1))],
  ];
  for (const [what, code, bytes] of cases) {
    it(`${what}: ${code}, the close code ws sent`, async () => {
      serverErrors.length = 0;
      const onWire = await closeCodeFor(bytes);
      expect(serverErrors.map((e) => e.code)).toEqual([code]);
      expect(protocolErrorCloseCode(serverErrors[0])).toBe(onWire);
    });
  }

  it('gives no close code for an error that is not a protocol error', () => {
    expect(protocolErrorCloseCode(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBeUndefined();
    expect(protocolErrorCloseCode(new Error('no code'))).toBeUndefined();
  });
});
