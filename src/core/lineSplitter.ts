/**
 * Cuts text that arrives in chunks cut anywhere (a fetch body) into whole lines, holding only the
 * partial last line between chunks. Empty lines are dropped; a final line without its newline comes
 * out of `end()`.
 */
export interface LineSplitter {
  push(text: string): string[];
  end(): string[];
}

export function createLineSplitter(): LineSplitter {
  let partial = '';
  return {
    push(text) {
      const parts = (partial + text).split('\n');
      partial = parts.pop()!;
      return parts.filter((l) => l.length > 0);
    },
    end() {
      const last = partial;
      partial = '';
      return last.length > 0 ? [last] : [];
    },
  };
}
