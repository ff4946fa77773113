/**
 * Cuts text that arrives in chunks cut anywhere (a fetch body) into whole lines, holding only the
 * partial last line between chunks. Empty lines are dropped; a final line without its newline comes
 * out of `end()`. A line longer than MAX_LINE_CHARS throws CaptureFormatError (LINE_TOO_LONG): the
 * partial line is all it holds, so that bound is what bounds its memory.
 */
import { CaptureFormatError, lineTooLongMessage, MAX_LINE_CHARS } from './capture.ts';

export interface LineSplitter {
  push(text: string): string[];
  end(): string[];
}

export function createLineSplitter(maxLineChars = MAX_LINE_CHARS): LineSplitter {
  let partial = '';
  let lines = 0;
  const check = (length: number) => {
    if (length <= maxLineChars) return;
    partial = '';
    throw new CaptureFormatError(lineTooLongMessage(lines + 1, maxLineChars), lines + 1, 'LINE_TOO_LONG');
  };
  return {
    push(text) {
      if (text.indexOf('\n') === -1) {
        check(partial.length + text.length);
        partial += text;
        return [];
      }
      const parts = (partial + text).split('\n');
      partial = parts.pop()!;
      check(partial.length);
      for (const p of parts) {
        check(p.length);
        lines++;
      }
      return parts.filter((l) => l.length > 0);
    },
    end() {
      const last = partial;
      partial = '';
      return last.length > 0 ? [last] : [];
    },
  };
}
