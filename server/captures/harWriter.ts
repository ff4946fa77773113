import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaptureRecord } from '../../src/core/capture.ts';
import { createHarCollector, harEntryHead, harEntryTail, harLogHead, harLogTail, type HarOptions } from '../../src/core/export/har.ts';
import type { TextSink } from './textSink.ts';

/** Messages buffered in memory before they are spooled to disk. */
const SPOOL_AT = 8 * 1024 * 1024;

/**
 * Streams a HAR. A HAR lists each connection's messages inside its entry, while a capture
 * interleaves connections; rather than hold every message, the messages are appended per
 * connection to one temporary spool file (memory stays at a few MB) and copied into their entry
 * at the end. The spool is created 0600 in a private temp folder and always removed.
 */
export async function writeHarStream(records: (each: (rec: CaptureRecord, line?: string) => void) => Promise<void>, sink: TextSink, opts: HarOptions): Promise<{ entries: number; messages: number; turns: number | undefined }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ri-har-'));
  const spoolFile = path.join(dir, 'spool');
  const fd = fs.openSync(spoolFile, 'w+', 0o600);
  const buffered = new Map<string, string[]>();
  const segments = new Map<string, { pos: number; len: number }[]>();
  let bufferedBytes = 0;
  let spoolPos = 0;
  let messages = 0;

  const spool = () => {
    for (const [conn, parts] of buffered) {
      if (parts.length === 0) continue;
      const len = fs.writeSync(fd, parts.join(','), spoolPos, 'utf8');
      let list = segments.get(conn);
      if (!list) segments.set(conn, (list = []));
      list.push({ pos: spoolPos, len });
      spoolPos += len;
      parts.length = 0;
    }
    bufferedBytes = 0;
  };

  try {
    const collector = createHarCollector(opts, (conn, text) => {
      let parts = buffered.get(conn);
      if (!parts) buffered.set(conn, (parts = []));
      parts.push(text);
      messages++;
      bufferedBytes += text.length;
      if (bufferedBytes >= SPOOL_AT) spool();
    });
    await records((rec, line) => collector.add(rec, line));
    spool();
    await sink.write(harLogHead(opts.tool));
    const entries = collector.entries();
    for (let i = 0; i < entries.length; i++) {
      const { conn, upstream } = entries[i];
      await sink.write((i > 0 ? ',' : '') + harEntryHead(conn, upstream));
      const segs = segments.get(conn.conn) ?? [];
      for (let s = 0; s < segs.length; s++) {
        if (s > 0) await sink.write(',');
        const buf = Buffer.allocUnsafe(segs[s].len);
        fs.readSync(fd, buf, 0, buf.length, segs[s].pos);
        await sink.writeBytes(buf);
      }
      await sink.write(harEntryTail(conn));
    }
    await sink.write(harLogTail());
    return { entries: entries.length, messages, turns: collector.turns() };
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
