import type { CaptureRecord } from '../../src/core/capture.ts';
import { InspectorError } from '../../src/core/errors.ts';
import { compileSearch } from '../../src/core/filters.ts';
import type { IndexSearchResult } from '../../src/core/indexWire.ts';
import { maskSecrets } from '../../src/core/redact.ts';
import { mayHoldKey } from '../broadcast/maskChunk.ts';
import { timeSlicer } from '../captures/slices.ts';
import type { IndexView } from './indexView.ts';
import { indexedBytes } from './indexedBytes.ts';

/** Bytes of capture read at once (at least one whole record). */
const READ_BYTES = 1 << 20;
/** Bytes of a read looked at as one string (young-generation sized). */
const VIEW_BYTES = 32 * 1024;

/**
 * Non-ASCII characters whose lower case is ASCII (KELVIN SIGN to "k", LATIN CAPITAL LETTER I WITH
 * DOT ABOVE to "i" and a combining dot), and JSON escapes that may spell any character: a line
 * holding one may match a case-insensitive ASCII needle only once decoded, so it is read whole.
 */
const READ_WHOLE_IF = ['\u00e2\u0084\u00aa', '\u00c4\u00b0', '\\u', '\\/'];

/**
 * The records of `index` whose line matches `q`, with the page's own rules (src/core/filters.ts
 * compileSearch: a frame's payload text, any other record's JSON) over each line as masked for the
 * page. Every record is tested the way the page would (masked, parsed, compileSearch); a plain
 * ASCII needle first rules out the frames whose raw line cannot hold it, which is most of them:
 * a payload that holds the needle holds it unescaped in its line too, when the needle has no
 * character JSON escapes and the line has no escape that could spell one (READ_WHOLE_IF).
 * Runs in time slices on the relay's thread. A regex that does not compile: InspectorError BAD_SEARCH.
 */
export async function searchIndex(index: IndexView, q: string, regex: boolean, sliceMs = 4, cancelled: () => boolean = () => false): Promise<IndexSearchResult> {
  const { test, error } = compileSearch(q, regex);
  if (error !== undefined) throw new InspectorError(`the search is not a valid regular expression: ${error}`, 'BAD_SEARCH');
  const ranges: number[] = [];
  let matches = 0;
  if (!test) return { matches, ranges };
  const match = (i: number) => {
    matches++;
    if (ranges.length > 0 && ranges[ranges.length - 1] === i) ranges[ranges.length - 1] = i + 1;
    else ranges.push(i, i + 1);
  };
  const raw = !regex && /^[\x20-\x7e]+$/.test(q) && !/["\\]/.test(q);
  const needle = q.toLowerCase();
  const pause = timeSlicer(sliceMs);
  const total = index.records;
  const store = index.source.open();
  try {
    for (let first = 0; first < total && !cancelled(); ) {
      const base = index.offsetOf(first);
      let last = first + 1;
      while (last < total && index.offsetOf(last) + index.lengthOf(last) - base <= READ_BYTES) last++;
      const span = index.offsetOf(last - 1) + index.lengthOf(last - 1) - base;
      const buf = await indexedBytes(index, store, base, span);
      const lineOf = (i: number): Buffer => buf.subarray(index.offsetOf(i) - base, index.offsetOf(i) - base + index.lengthOf(i));
      const testLine = (i: number) => {
        if (lineTests(lineOf(i), i === 0, test)) match(i);
      };
      if (!raw) {
        for (let i = first; i < last; i++) {
          testLine(i);
          if ((i & 255) === 255) {
            const y = pause();
            if (y) await y;
          }
        }
      } else {
        for (let from = first; from < last; ) {
          // Windows of at most VIEW_BYTES (at least one record): their strings die young. A string
          // of a whole read is a large object, and each one costs a full collection of the index's heap.
          let to = from + 1;
          while (to < last && index.offsetOf(to) + index.lengthOf(to) - index.offsetOf(from) <= VIEW_BYTES) to++;
          const start = index.offsetOf(from) - base;
          const end = index.offsetOf(to - 1) + index.lengthOf(to - 1) - base;
          if (mayHoldKey(buf.subarray(start, end))) {
            // Masking may add or remove the needle: these lines are read whole.
            for (let i = from; i < to; i++) testLine(i);
            from = to;
            continue;
          }
          // Byte positions are character positions in a latin1 view, and ASCII folds the same there.
          const view = buf.toString('latin1', start, end);
          const wanted = new Uint8Array(to - from);
          const mark = (text: string, what: string) => {
            let j = from;
            for (let p = text.indexOf(what); p !== -1; ) {
              while (j < to && index.offsetOf(j) - base - start + index.lengthOf(j) < p + what.length) j++;
              if (j === to) break;
              wanted[j - from] = 1;
              p = text.indexOf(what, index.offsetOf(j) - base - start + index.lengthOf(j));
            }
          };
          // An exact-case hit is a hit in the lower-cased view too (the needle is ASCII).
          mark(view.toLowerCase(), needle);
          for (const w of READ_WHOLE_IF) mark(view, w);
          for (let i = from; i < to; i++) if (wanted[i - from] === 1 || !index.isFrame(i)) testLine(i);
          from = to;
        }
      }
      first = last;
      const y = pause();
      if (y) await y;
    }
  } finally {
    await store.close?.();
  }
  return { matches, ranges };
}

/** One line as the page would test it: masked, parsed, matched (a line that no longer parses does not match). */
function lineTests(bytes: Buffer, firstLine: boolean, test: (rec: CaptureRecord) => boolean): boolean {
  let text = bytes.toString('utf8');
  if (firstLine && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (mayHoldKey(bytes)) text = maskSecrets(text);
  let rec: CaptureRecord;
  try {
    rec = JSON.parse(text) as CaptureRecord;
  } catch {
    return false;
  }
  return typeof rec === 'object' && rec !== null && test(rec);
}
