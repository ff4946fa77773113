/** A text with the search's matches marked (core/highlight.ts); rendered as text, never as HTML. */

import { useMemo } from 'react';
import { highlighter, highlightParts } from '../../core/highlight.ts';
import { useDashboard } from '../../store/index.ts';

export function Highlighted({ text, re }: { text: string; re: RegExp | null }) {
  if (!re) return <>{text}</>;
  return (
    <>
      {highlightParts(text, re).map((p, i) => (p.hit ? <mark key={i} className="hit">{p.text}</mark> : p.text))}
    </>
  );
}

/** The current search as a highlighter (null without a search). */
export function useHighlighter(): RegExp | null {
  const search = useDashboard((s) => s.filter.search);
  const regex = useDashboard((s) => s.filter.regex);
  return useMemo(() => highlighter(search, regex), [search, regex]);
}
