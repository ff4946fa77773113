import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaptureRecord } from '../../src/core/capture.ts';
import { createHarCollector, harLogHead, harLogTail, type HarOptions } from '../../src/core/export/har.ts';
import type { TextSink } from './textSink.ts';
import { decodeUtf8 } from './utf8.ts';

/** Messages buffered in memory before they are spooled to disk. */
const SPOOL_AT = 8 * 1024 * 1024;

/** A pending buffer larger than this is dropped once spooled instead of kept for the next messages. */
const KEEP_PENDING_BYTES = 64 * 1024;

interface Pending {
  /**
   * Messages not yet spooled, comma-joined, as UTF-8 in buf[0, used). Encoded as they come: each
   * message's string then dies young, where megabytes of waiting strings were promoted to the old
   * generation and cost more to collect than to build.
   */
  buf: Buffer | null;
  used: number;
  /** Spooled runs of messages (comma-joined), in order; all older than `buf`. */
  segments: { pos: number; len: number }[];
  count: number;
}

/** Appends a message to a connection's waiting bytes; returns the bytes added. */
function appendMessage(p: Pending, text: string): number {
  const before = p.used;
  // A UTF-16 unit is at most 3 UTF-8 bytes, plus the comma.
  const need = text.length * 3 + 1;
  if (p.buf === null || p.used + need > p.buf.length) {
    const next = Buffer.allocUnsafe(Math.max(1024, 2 * (p.used + need)));
    if (p.buf !== null) p.buf.copy(next, 0, 0, p.used);
    p.buf = next;
  }
  if (p.used > 0) p.buf[p.used++] = 0x2c; // ,
  p.used += p.buf.write(text, p.used);
  return p.used - before;
}

/**
 * Streams a HAR. A HAR lists each connection's messages inside its entry, while a capture
 * interleaves connections. The earliest connection still going is written straight through (its
 * entry is open in the output); the messages of the others wait, in memory up to a few MB and then
 * in one temporary spool file, and are copied into their entries when their turn comes. A capture
 * with one connection at a time (reconnects included) never touches the spool. Copies honour the
 * output's backpressure, so memory stays at a few MB. The spool is created 0600 in a private temp
 * folder and always removed.
 */
export async function writeHarStream(
  records: (
    each: (rec: CaptureRecord, line?: string) => void | Promise<void>,
    /** A capture line's bytes, before it is parsed: false leaves it to `each`; else taken (a promise: wait for it). */
    eachLine: (bytes: Uint8Array, start: number, end: number) => boolean | Promise<void>,
  ) => Promise<void>,
  sink: TextSink,
  opts: HarOptions,
  spoolAt = SPOOL_AT,
): Promise<{ entries: number; messages: number; turns: number | undefined }> {
  // Made on first use: most captures never need it, and those then export with TMPDIR unwritable.
  let spool: { dir: string; fd: number } | undefined;
  const spoolFd = (): number => {
    if (spool) return spool.fd;
    let dir: string;
    try {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ri-har-'));
    } catch (err) {
      throw new Error(
        `this HAR export needs a temporary file (connections overlap in the capture) and cannot create one in ${os.tmpdir()} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); set TMPDIR to a writable folder`,
      );
    }
    spool = { dir, fd: fs.openSync(path.join(dir, 'spool'), 'w+', 0o600) };
    return spool.fd;
  };
  const pending = new Map<string, Pending>();
  /** Entries before this index are written whole (entries are written in order, so that is a prefix). */
  let next = 0;
  let bufferedBytes = 0;
  let spoolPos = 0;
  let messages = 0;
  let entriesWritten = 0;
  /** The connection whose entry is open in the output and takes messages directly. */
  let direct: string | null = null;
  let directCount = 0;
  /** Set while an entry's waiting messages are copied out; messages keep queueing meanwhile. */
  let switching: Promise<void> | null = null;
  /** The connection the output waits for (opened, no traffic yet); undefined: unknown, look again. */
  let waitingFor: string | null | undefined;
  let wait = undefined as Promise<void> | undefined;
  let headWritten = false;

  const out = (text: string) => {
    const p = sink.write(text);
    if (p) wait = p;
  };
  const settle = async () => {
    const p = wait;
    wait = undefined;
    if (p) await p;
  };
  // The log head waits for the first entry, so a file refused while reading leaves no output.
  const head = () => {
    if (headWritten) return;
    headWritten = true;
    out(harLogHead(opts.tool));
  };

  const spoolAll = () => {
    for (const p of pending.values()) {
      if (p.used === 0 || p.buf === null) continue;
      const len = fs.writeSync(spoolFd(), p.buf, 0, p.used, spoolPos);
      p.segments.push({ pos: spoolPos, len });
      spoolPos += len;
      p.used = 0;
      if (p.buf.length > KEEP_PENDING_BYTES) p.buf = null;
    }
    bufferedBytes = 0;
  };

  const collector = createHarCollector(opts, (conn, text) => {
    messages++;
    if (conn === direct) {
      out((directCount++ > 0 ? ',' : '') + text);
      return;
    }
    let p = pending.get(conn);
    if (!p) pending.set(conn, (p = { buf: null, used: 0, segments: [], count: 0 }));
    p.count++;
    bufferedBytes += appendMessage(p, text);
    if (bufferedBytes >= spoolAt) spoolAll();
  });

  /** Writes the messages that waited for `conn`'s entry, oldest first, until none is left. */
  const copyWaiting = async (conn: string): Promise<number> => {
    const p = pending.get(conn);
    if (!p) return 0;
    let chunks = 0;
    while (p.segments.length || p.used > 0) {
      if (chunks++ > 0) out(',');
      if (p.segments.length) {
        const seg = p.segments.shift()!;
        const buf = Buffer.allocUnsafe(seg.len);
        fs.readSync(spool!.fd, buf, 0, buf.length, seg.pos);
        const w = sink.writeBytes(buf);
        if (w) wait = w;
      } else {
        bufferedBytes -= p.used;
        // Handed to the output as it is: the buffer is not used again.
        const w = sink.writeBytes(p.buf!.subarray(0, p.used));
        if (w) wait = w;
        p.buf = null;
        p.used = 0;
      }
      await settle();
    }
    pending.delete(conn);
    return p.count;
  };

  /**
   * Moves the output on. Entries are written in connection order, so the first unfinished kept
   * connection is the one to stream: it is opened once it has traffic (its head then knows the
   * upgrade), and closed with its tail as soon as it ends.
   */
  const advance = (): void => {
    if (switching) return; // the switch calls advance again when it is done
    waitingFor = null;
    for (; next < collector.entryCount(); next++) {
      const { conn, upstream } = collector.entryAt(next);
      const ended = conn.close !== undefined || (conn.error?.status !== undefined && conn.frames === 0);
      if (direct !== conn.conn) {
        if (!ended && conn.frames === 0) {
          waitingFor = conn.conn;
          return;
        }
        head();
        out((entriesWritten++ > 0 ? ',' : '') + collector.head(conn, upstream));
        if (pending.has(conn.conn)) {
          switching = copyWaiting(conn.conn).then((count) => {
            direct = conn.conn;
            directCount = count;
            switching = null;
            advance();
          });
          return;
        }
        direct = conn.conn;
        directCount = 0;
      }
      if (!ended) return;
      out(collector.tail(conn, upstream));
      direct = null;
    }
  };

  /** After each record: moves the output on when the record can change it; what reading must wait for. */
  const added = (rec: CaptureRecord): Promise<void> | undefined => {
    // Only these records can change which entry is open in the output.
    if (rec.kind === 'conn.open' && waitingFor === null) waitingFor = undefined;
    if (rec.kind === 'conn.close' || rec.kind === 'conn.error' || (rec.kind === 'frame' && direct === null && (waitingFor === undefined || waitingFor === rec.conn))) {
      advance();
    }
    // Reading pauses (between chunks) while an entry's waiting messages are copied out.
    const p = switching ?? wait;
    wait = undefined;
    return p ?? undefined;
  };

  try {
    await records(
      (rec, line) => {
        collector.add(rec, line);
        return added(rec);
      },
      (bytes, start, end) => {
        const rec = collector.addLine(bytes, start, end, decodeUtf8);
        return rec === undefined ? false : (added(rec) ?? true);
      },
    );
    while (switching) await switching;
    // The end: whatever is left, in order, closed as it stands (a capture may end mid-connection).
    for (; next < collector.entryCount(); next++) {
      const { conn, upstream } = collector.entryAt(next);
      if (direct !== conn.conn) {
        head();
        out((entriesWritten++ > 0 ? ',' : '') + collector.head(conn, upstream));
        await copyWaiting(conn.conn);
      }
      direct = null;
      out(collector.tail(conn, upstream));
      await settle();
    }
    head();
    out(harLogTail(collector.meta()));
    await settle();
    return { entries: entriesWritten, messages, turns: collector.turns() };
  } finally {
    if (spool) {
      fs.closeSync(spool.fd);
      fs.rmSync(spool.dir, { recursive: true, force: true });
    }
  }
}
