/**
 * The HTTP backlog of the feed (src/core/feed.ts FEED_BACKLOG_PATH), read where the feed socket
 * lives (its worker): decoded and cut into lines there too, so the page's thread, which parses and
 * renders, only receives whole lines.
 */

import { createLineSplitter } from '../core/lineSplitter.ts';
import type { BacklogEvent } from './feedMessages.ts';

/**
 * Lines sent but not yet read by the page, in characters, above which reading pauses: the network is
 * faster than the page can parse, and unread lines would otherwise pile up in its memory.
 */
export const BACKLOG_WINDOW_CHARS = 16 * 1024 * 1024;

/** Flow control between the reader and the page: `ack` is how many characters the page has read. */
export function createBacklogWindow() {
  let acked = 0;
  let wake: (() => void) | null = null;
  return {
    ack(chars: number) {
      acked = Math.max(acked, chars);
      wake?.();
    },
    /** Resolves once fewer than BACKLOG_WINDOW_CHARS of `sent` are unread (or reading was aborted). */
    async room(sent: number, signal: AbortSignal) {
      while (sent - acked > BACKLOG_WINDOW_CHARS && !signal.aborted) {
        await new Promise<void>((resolve) => {
          // One listener per wait, removed when the wait ends (an ack or the abort).
          const done = () => {
            signal.removeEventListener('abort', done);
            wake = null;
            resolve();
          };
          wake = done;
          signal.addEventListener('abort', done);
        });
      }
    },
  };
}

export type BacklogWindow = ReturnType<typeof createBacklogWindow>;

/** Reads a backlog body and reports its lines in order, then its end, or why it failed. */
export async function readBacklog(url: string, signal: AbortSignal, flow: BacklogWindow, emit: (e: BacklogEvent) => void): Promise<void> {
  try {
    const res = await fetch(url, { credentials: 'same-origin', signal });
    if (!res.ok || !res.body) throw new Error(`the relay answered ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const splitter = createLineSplitter();
    let sent = 0;
    for (;;) {
      await flow.room(sent, signal);
      const { done, value } = await reader.read();
      if (done) break;
      const lines = splitter.push(decoder.decode(value, { stream: true }));
      // Counted as the ingest queue counts what it has read: each line and its newline.
      for (const l of lines) sent += l.length + 1;
      emit({ type: 'backlog-lines', lines });
    }
    // What `end()` gives is a last line without its newline: the reader words it as a cut last line.
    const rest = splitter.end();
    emit({ type: 'backlog-lines', lines: [...splitter.push(decoder.decode()), ...rest], ...(rest.length > 0 ? { cut: true as const } : {}) });
    emit({ type: 'backlog-end' });
  } catch (err) {
    if (!signal.aborted) emit({ type: 'backlog-error', message: (err as Error).message });
  }
}
