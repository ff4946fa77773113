import WebSocket from 'ws';
import type { FeedControl, FeedHello } from '../../src/core/feed.ts';
import type { CaptureSource } from '../tee/captureLog.ts';
import { maskSecrets } from '../../src/core/redact.ts';
import { maskChunk, StreamMasker } from './maskChunk.ts';

/** Per browser: above this much queued on its socket, live chunks stop and it is resynced from the capture. */
export const BROWSER_HIGH_WATER = 8 * 1024 * 1024;
/**
 * The largest message of capture lines a browser is sent (a longer line goes whole), and the size
 * of catch-up reads. Chromium takes a WebSocket's data in several times faster as messages of
 * 20–256 KiB than as messages of 1 MiB or more (measured on 2 shared cores: 10–15 MB/s against
 * 4.5 MB/s), and a browser must take the capture in faster than the relay writes it, or once behind
 * it never catches up. A chunk of one flush can be megabytes when the relay's timer fired late.
 */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/** Sends whole lines in messages of at most MAX_MESSAGE_BYTES (unless one line is longer). */
function sendLines(ws: WebSocket, buf: Buffer): void {
  let from = 0;
  while (buf.length - from > MAX_MESSAGE_BYTES) {
    let cut = buf.lastIndexOf(0x0a, from + MAX_MESSAGE_BYTES - 1);
    if (cut < from) cut = buf.indexOf(0x0a, from + MAX_MESSAGE_BYTES);
    if (cut === -1) break;
    ws.send(buf.subarray(from, cut + 1), { binary: true });
    from = cut + 1;
  }
  if (from < buf.length) ws.send(from === 0 ? buf : buf.subarray(from), { binary: true });
}

interface Client {
  ws: WebSocket;
  /** Bytes of the capture stream this browser has been sent. */
  cursor: number;
  pumping: boolean;
  synced: boolean;
  lagging: boolean;
  /** Catch-up reads are cut anywhere: a key across two reads is masked whole. */
  masker: StreamMasker;
}

/**
 * Fans capture lines out to dashboards. Each browser is a cursor over the capture stream: when it is
 * up to date and not congested it gets each new chunk as it is produced (one socket message per
 * event-loop turn); otherwise it is pumped from the capture (memory or file) at its own pace. So a
 * late, reconnecting or slow browser gets everything exactly once, and never holds the relay's memory.
 */
export class DashboardFeed {
  #clients = new Set<Client>();
  #source: CaptureSource;
  #hello: () => Omit<FeedHello, 'backlogBytes'>;
  #unsubscribe: () => void;

  #status: () => FeedControl[];

  /** `status` gives the messages a new browser needs besides the hello (a capture error that already happened). */
  constructor(source: CaptureSource, hello: () => Omit<FeedHello, 'backlogBytes'>, status: () => FeedControl[] = () => []) {
    this.#source = source;
    this.#hello = hello;
    this.#status = status;
    this.#unsubscribe = source.subscribe((start, chunk) => this.#onChunk(start, chunk));
  }

  get size(): number {
    return this.#clients.size;
  }

  /**
   * `fromTail`: the browser reads the backlog over HTTP (GET /api/feed-backlog?to=backlogBytes,
   * server/dashboard/feedBacklog.ts) and this socket carries only what comes after it.
   */
  attach(ws: WebSocket, fromTail = false): void {
    const cursor = fromTail ? this.#source.length : 0;
    const client: Client = { ws, cursor, pumping: false, synced: false, lagging: false, masker: new StreamMasker() };
    this.#clients.add(client);
    ws.on('close', () => this.#clients.delete(client));
    ws.on('error', () => ws.terminate());
    // The dashboard sends nothing that the relay acts on; anything it sends is ignored.
    ws.on('message', () => undefined);
    this.#send(client, { ...this.#hello(), backlogBytes: this.#source.length });
    for (const message of this.#status()) this.#send(client, message);
    void this.#pump(client);
  }

  broadcast(message: FeedControl): void {
    for (const client of this.#clients) this.#send(client, message);
  }

  close(): void {
    this.#unsubscribe();
    for (const client of this.#clients) client.ws.close(1001, 'relay shutting down');
    this.#clients.clear();
  }

  #send(client: Client, message: FeedControl): void {
    // Control messages quote the upstream URL and error messages: masked like the lines.
    if (client.ws.readyState === WebSocket.OPEN) client.ws.send(maskSecrets(JSON.stringify(message)));
  }

  #onChunk(start: number, chunk: Buffer): void {
    let masked: Buffer | undefined;
    for (const client of this.#clients) {
      if (client.pumping || client.ws.readyState !== WebSocket.OPEN) continue;
      if (client.cursor === start && client.ws.bufferedAmount < BROWSER_HIGH_WATER) {
        sendLines(client.ws, (masked ??= maskChunk(chunk)));
        client.cursor += chunk.length;
      } else {
        if (!client.lagging) {
          client.lagging = true;
          this.#send(client, { type: 'lagging', fromBytes: client.cursor });
        }
        void this.#pump(client);
      }
    }
  }

  async #pump(client: Client): Promise<void> {
    if (client.pumping) return;
    client.pumping = true;
    try {
      while (client.ws.readyState === WebSocket.OPEN && client.cursor < this.#source.length) {
        if (client.ws.bufferedAmount > BROWSER_HIGH_WATER / 2) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          continue;
        }
        const from = client.cursor;
        const buf = await this.#source.read(from, MAX_MESSAGE_BYTES);
        if (buf === null) {
          const to = this.#source.length;
          const rest = client.masker.flush();
          if (rest.length) client.ws.send(rest, { binary: true });
          this.#send(client, { type: 'gap', fromBytes: from, toBytes: to, message: 'these capture bytes never reached the disk' });
          client.cursor = to;
          break;
        }
        if (buf.length === 0) break;
        const masked = client.masker.push(buf);
        if (masked.length) sendLines(client.ws, masked);
        client.cursor = from + buf.length;
      }
    } catch {
      client.ws.terminate();
    } finally {
      client.pumping = false;
    }
    if (client.ws.readyState !== WebSocket.OPEN) return;
    if (client.cursor < this.#source.length) {
      setTimeout(() => void this.#pump(client), 5);
      return;
    }
    // Caught up: the capture ends with a whole line, so this is empty unless a read was cut short.
    const rest = client.masker.flush();
    if (rest.length) client.ws.send(rest, { binary: true });
    client.lagging = false;
    if (!client.synced) {
      client.synced = true;
      this.#send(client, { type: 'synced', bytes: client.cursor });
    }
  }
}
