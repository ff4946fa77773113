/**
 * Untrusted text of any length, shown as text with bidi controls escaped (src/core/displayText.ts),
 * and only its first part until asked: a multi-megabyte payload laid out whole froze the page.
 * "Show more" adds a step; "show all" is there for the user who wants it anyway.
 */

import { useState } from 'react';
import { clipText, escapeBidi } from '../../core/displayText.ts';

export const TEXT_PREVIEW_CHARS = 20_000;
const STEP = 200_000;

const count = (n: number) => (n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n));

export function LongText({ text, limit = TEXT_PREVIEW_CHARS }: { text: string; limit?: number }) {
  const [max, setMax] = useState(limit);
  const { shown, hidden } = clipText(text, max);
  return (
    <>
      {escapeBidi(shown)}
      {hidden > 0 ? (
        <span className="long-text-more" data-testid="show-more-text">
          {'… '}
          <button type="button" className="j-more" data-testid="show-more" onClick={() => setMax(max + STEP)}>
            show {count(Math.min(STEP, hidden))} more
          </button>{' '}
          <button type="button" className="j-more" data-testid="show-all" onClick={() => setMax(text.length)}>
            show all {count(hidden)} characters
          </button>
        </span>
      ) : null}
    </>
  );
}
