/** A text with the search's matches marked (core/highlight.ts); rendered as text, never as HTML. */

import { useMemo } from 'react';
import { escapeBidi } from '../../core/displayText.ts';
import { highlighter, highlightParts } from '../../core/highlight.ts';
import { useDashboard } from '../../store/index.ts';

export function Highlighted({ text, re }: { text: string; re: RegExp | null }) {
  // Bidi controls made visible (displayText.ts), as everywhere captured text is shown.
  if (!re) return <>{escapeBidi(text)}</>;
  return (
    <>
      {highlightParts(text, re).map((p, i) =>
        p.hit ? (
          <mark key={i} className="hit">
            {escapeBidi(p.text)}
          </mark>
        ) : (
          escapeBidi(p.text)
        ),
      )}
    </>
  );
}

/** The current search as a highlighter (null without a search). */
export function useHighlighter(): RegExp | null {
  const search = useDashboard((s) => s.filter.search);
  const regex = useDashboard((s) => s.filter.regex);
  return useMemo(() => highlighter(search, regex), [search, regex]);
}
