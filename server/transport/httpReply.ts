import { STATUS_CODES, type OutgoingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Answers an upgrade request that will not be upgraded, on the raw socket, then closes it.
 * Used to pass an upstream refusal through with its own status, and for the relay's own errors.
 */
export function replyAndClose(socket: Duplex, status: number, body: string | Buffer, headers: OutgoingHttpHeaders = {}): void {
  if (socket.destroyed) return;
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`];
  const merged: OutgoingHttpHeaders = { 'content-type': 'text/plain; charset=utf-8', ...headers };
  for (const [name, value] of Object.entries(merged)) {
    if (value === undefined || name === 'content-length' || name === 'connection') continue;
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${String(v).replace(/[\r\n]/g, ' ')}`);
  }
  lines.push(`content-length: ${payload.length}`, 'connection: close', '', '');
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), payload]));
  // A peer that never reads must not keep the socket (and its buffers) alive.
  setTimeout(() => socket.destroy(), 2000).unref();
}
