import type { Writable } from 'node:stream';
import type { IndexMessage, ModelSnapshot } from '../../src/core/indexWire.ts';
import { turnPreview } from '../../src/core/indexWire.ts';
import type { Turn } from '../../src/core/model.ts';
import { asciiJson } from './asciiJson.ts';
import type { CaptureIndex } from './captureIndex.ts';

/**
 * Most rows in one `rows` message, and turns or connections stringified at once in the `done`
 * message: pieces stay under V8's large-object size (128 KiB; a row is ~100 bytes by column, a turn ~1.6 KB whole),
 * whose strings each cost a full collection of the index's heap (and the masking wrapper is slower
 * per byte on them); a late request for a built index is sent in pieces, between turns of the event loop.
 */
const ROWS_PER_MESSAGE = 300;
const MODEL_ITEMS_PER_PIECE = 50;
/**
 * Turns per `turns` message (src/core/indexWire.ts): a page cuts, decodes and parses lines of
 * ~0.4 MB as they arrive; one line of every turn (33 MB for a million records) would be joined from
 * its chunks and decoded at once (~1 s of the page's thread, a third of it copying).
 */
export const TURNS_PER_MESSAGE = 500;

/** Where an index's messages go: a page's response, or a file of the index store. */
export interface MessageSink {
  /** Writes; true (or a promise of it) when more can be written, false once the reader is gone. */
  write(data: string | Buffer): Promise<boolean> | boolean;
  /** Whether the reader is gone (a page that went away). */
  closed(): boolean;
  /** Calls `fn` when the reader goes away. */
  onClose(fn: () => void): void;
}

/**
 * Writes to a stream: true when it can take more at once, else a promise of true once it has
 * drained, or of false when `gone` (a response's 'close', a file's 'error') comes first.
 */
export function writeOrWait(out: Writable, data: string | Buffer, gone: 'close' | 'error'): Promise<boolean> | boolean {
  if (out.write(data)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      out.off('drain', onDrain);
      out.off(gone, onGone);
      resolve(ok);
    };
    const onDrain = done(true);
    const onGone = done(false);
    out.once('drain', onDrain);
    out.once(gone, onGone);
  });
}

/** Writes one NDJSON message; resolves when the sink can take more (false: it is gone). */
export function send(sink: MessageSink, msg: IndexMessage): Promise<boolean> | boolean {
  return sink.write(`${asciiJson(msg)}\n`);
}

/**
 * Turns `from`.. of `turns` up to `to`, TURNS_PER_MESSAGE to a `turns` message (only whole
 * messages), each cut to its preview as it is written (see CaptureIndex.snapshot). Returns the
 * turns sent so far, or -1 once the reader is gone.
 */
async function sendTurns(sink: MessageSink, turns: readonly Turn[], from: number, to: number, pause: () => Promise<unknown> | undefined): Promise<number> {
  let sent = from;
  for (; to - sent >= TURNS_PER_MESSAGE; sent += TURNS_PER_MESSAGE) {
    if (!(await sink.write(`{"type":"turns","from":${sent},"turns":[`))) return -1;
    for (let i = sent; i < sent + TURNS_PER_MESSAGE; i += MODEL_ITEMS_PER_PIECE) {
      const piece = asciiJson(turns.slice(i, Math.min(i + MODEL_ITEMS_PER_PIECE, sent + TURNS_PER_MESSAGE)).map(turnPreview)).slice(1, -1);
      if (!(await sink.write(i === sent ? piece : `,${piece}`))) return -1;
      const y = pause();
      if (y) await y;
    }
    if (!(await sink.write(']}\n'))) return -1;
  }
  return sent;
}

/**
 * `"model":{…}` of a `model` or `done` message, in pieces between turns of the event loop: the
 * model of a large capture is MBs of JSON (a million records: 41,666 turns), too long to build in
 * one go on the thread that forwards agents' frames. Its turns are those from `turnsFrom` (the ones
 * before went in `turns` messages). False once the reader is gone.
 */
async function writeModel(sink: MessageSink, model: ModelSnapshot, turnsFrom: number, pause: () => Promise<unknown> | undefined): Promise<boolean> {
  if (!(await sink.write(`"model":{"info":${asciiJson(model.info)},"lanes":${asciiJson(model.lanes)}`))) return false;
  for (const key of ['connections', 'turns'] as const) {
    const items: readonly unknown[] = key === 'turns' ? model.turns.slice(turnsFrom) : model[key];
    // Each turn's output is cut to its preview here, a piece at a time (see CaptureIndex.snapshot).
    const wire = key === 'turns' ? (t: unknown) => turnPreview(t as Turn) : (c: unknown) => c;
    if (!(await sink.write(`,"${key}":[`))) return false;
    for (let i = 0; i < items.length; i += MODEL_ITEMS_PER_PIECE) {
      const piece = asciiJson(items.slice(i, i + MODEL_ITEMS_PER_PIECE).map(wire)).slice(1, -1);
      if (!(await sink.write(i === 0 ? piece : `,${piece}`))) return false;
      const y = pause();
      if (y) await y;
    }
    if (!(await sink.write(']'))) return false;
  }
  return sink.write('}');
}

/** The `done` message, one NDJSON line, after the turns from `turnsFrom` that whole `turns` messages hold. */
async function sendDone(sink: MessageSink, index: CaptureIndex, from: number, turnsFrom: number, pause: () => Promise<unknown> | undefined): Promise<boolean> {
  const model = index.snapshot();
  const turnsSent = await sendTurns(sink, model.turns, turnsFrom, model.turns.length, pause);
  if (turnsSent < 0) return false;
  const rest: Omit<Extract<IndexMessage, { type: 'done' }>, 'model'> = {
    type: 'done',
    from,
    rows: index.wireRows(from, index.finalRows),
    records: index.records,
    bytes: index.bytesRead,
    startT: index.timeline.startT,
    faults: index.faults,
    warnings: index.warnings,
  };
  if (!(await sink.write(`${asciiJson(rest).slice(0, -1)},`))) return false;
  if (!(await writeModel(sink, model, turnsSent, pause))) return false;
  return sink.write('}\n');
}

/**
 * An index already built: its turns and its `model` go right after the first rows, so a page shows
 * the turn list, summary and waterfall while the rest of the rows arrive (they wait for the model
 * otherwise, and a saved index of a million records sends 200,000 rows first). Returns the turns
 * sent, or -1 once the reader is gone.
 */
async function sendModelFirst(sink: MessageSink, index: CaptureIndex, pause: () => Promise<unknown> | undefined): Promise<number> {
  const model = index.snapshot();
  const turnsSent = await sendTurns(sink, model.turns, 0, model.turns.length, pause);
  if (turnsSent < 0) return -1;
  if (!(await sink.write(`{"type":"model","faults":${asciiJson(index.faults)},`))) return -1;
  if (!(await writeModel(sink, model, turnsSent, pause))) return -1;
  return (await sink.write('}\n')) ? model.turns.length : -1;
}

/**
 * The messages after `start`: rows and turns as they become final, then `done` (or `error`), waiting on
 * the build between them. False when the sink went away first. The index store saves a built
 * index with this, so a saved index answers what a page reading the built one gets.
 */
export async function writeIndexMessages(index: CaptureIndex, sink: MessageSink, pause: () => Promise<unknown> | undefined): Promise<boolean> {
  // Woken by every slice of the build; one listener for the whole stream, dropped when it ends.
  let wake: () => void = () => undefined;
  const off = index.onChange(() => wake());
  sink.onClose(() => wake());
  try {
    const sendRows = (from: number, to: number) => send(sink, { type: 'rows', from, rows: index.wireRows(from, to), ...index.reach(to) });
    let sent = 0;
    let turnsSent = 0;
    if (index.done && !index.error) {
      // The first screen of rows, then the model (sendModelFirst), then the other rows.
      sent = Math.min(index.finalRows, ROWS_PER_MESSAGE);
      if (sent > 0 && !(await sendRows(0, sent))) return false;
      turnsSent = await sendModelFirst(sink, index, pause);
      if (turnsSent < 0) return false;
    }
    for (;;) {
      const changed = index.done ? null : new Promise<void>((resolve) => (wake = resolve));
      if (index.error) return send(sink, { type: 'error', error: index.error.message, code: index.error.code });
      const final = index.finalRows;
      while (final - sent > ROWS_PER_MESSAGE || (!index.done && final > sent)) {
        const to = Math.min(final, sent + ROWS_PER_MESSAGE);
        if (!(await sendRows(sent, to))) return false;
        sent = to;
        const y = pause();
        if (y) await y;
      }
      // Turns that cannot change any more go while the index grows: the page parses them meanwhile.
      turnsSent = await sendTurns(sink, index.model.turns(), turnsSent, index.finalTurns, pause);
      if (turnsSent < 0) return false;
      if (index.done) return sendDone(sink, index, sent, turnsSent, pause);
      if (sink.closed()) return false;
      await changed;
    }
  } finally {
    off();
  }
}
