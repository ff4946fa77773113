import { StringDecoder } from 'node:string_decoder';

/** One server-sent event: its `event:` name (absent: "message") and its `data:` lines joined by "\n". */
export interface SseEvent {
  event?: string;
  data: string;
}

/**
 * An incremental text/event-stream parser (WHATWG HTML §9.2.6) for the tee: it is fed the chunks
 * exactly as they were forwarded, whatever their boundaries (mid-line, mid-"\r\n", mid-UTF-8
 * character), and returns the events each chunk completed. `id:`, `retry:` and comments are
 * skipped; an event with no data is not dispatched, as the spec says.
 */
export class SseParser {
  #decoder = new StringDecoder('utf8');
  #line = '';
  #lastWasCr = false;
  #event: string | undefined;
  #data: string[] = [];

  push(chunk: Buffer | string): SseEvent[] {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
    const out: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // "\r\n" split across two chunks: the "\n" ends no new line.
      if (c === 10 && i === start && this.#lastWasCr && this.#line === '') {
        this.#lastWasCr = false;
        start = i + 1;
        continue;
      }
      this.#onLine(this.#line + text.slice(start, i), out);
      this.#line = '';
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      this.#lastWasCr = c === 13 && i + 1 >= text.length;
      start = i + 1;
    }
    if (start < text.length) {
      this.#line += text.slice(start);
      this.#lastWasCr = false;
    }
    return out;
  }

  /** The stream ended: an event not terminated by a blank line is discarded (spec). */
  end(): SseEvent[] {
    this.#line = '';
    this.#data = [];
    this.#event = undefined;
    return [];
  }

  #onLine(line: string, out: SseEvent[]): void {
    if (line === '') {
      if (this.#data.length > 0) out.push(this.#event === undefined ? { data: this.#data.join('\n') } : { event: this.#event, data: this.#data.join('\n') });
      this.#data = [];
      this.#event = undefined;
      return;
    }
    if (line.charCodeAt(0) === 58 /* : comment */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
  }
}
