/** Text or regex search over payloads, debounced, with the match count. `/` focuses it. */

import { useEffect, useRef, useState } from 'react';
import { SEARCH_INPUT_ID, TIMELINE_SCROLL_ID } from '../../lib/useKeyboard.ts';
import { useDashboard } from '../../store/index.ts';

const DEBOUNCE_MS = 150;

export function SearchBox() {
  const search = useDashboard((s) => s.filter.search);
  const regex = useDashboard((s) => s.filter.regex);
  const error = useDashboard((s) => s.searchError);
  const matches = useDashboard((s) => (s.filter.search ? s.view.matches : null));
  useDashboard((s) => s.viewVersion); // the count grows live
  const setFilter = useDashboard((s) => s.setFilter);
  const selectPosition = useDashboard((s) => s.selectPosition);
  const [text, setText] = useState(search);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // A search changed elsewhere (Esc, clear) wins over typing that has not been applied yet.
  useEffect(() => {
    clearTimeout(timer.current);
    setText(search);
  }, [search]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const type = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setFilter({ search: value }), DEBOUNCE_MS);
  };

  return (
    <div className="search">
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        placeholder="Search payloads (/)"
        title="Search payloads: / to focus, Enter or ↓ for the first match, Esc to clear"
        aria-label="Search payloads"
        data-testid="search-input"
        value={text}
        spellCheck={false}
        className={error ? 'invalid' : ''}
        onChange={(e) => type(e.target.value)}
        onKeyDown={(e) => {
          if (e.altKey || e.ctrlKey || e.metaKey) return;
          if (e.key === 'Escape') {
            // Typed but not applied yet (debounce): gone too. The page's Esc clears the applied search.
            clearTimeout(timer.current);
            setText('');
            return;
          }
          // Enter or ↓ applies the search now and goes to its first match, with the focus on the
          // timeline so that ↑/↓ move through the results and Enter opens one.
          if (e.key !== 'Enter' && e.key !== 'ArrowDown') return;
          e.preventDefault();
          clearTimeout(timer.current);
          if (text !== search) setFilter({ search: text });
          if (text === '' || useDashboard.getState().view.rows.length === 0) return;
          selectPosition(0);
          document.getElementById(TIMELINE_SCROLL_ID)?.focus();
        }}
      />
      <label className="regex-toggle" title="Treat the search as a regular expression">
        <input type="checkbox" checked={regex} data-testid="search-regex" onChange={(e) => setFilter({ regex: e.target.checked })} />
        .*
      </label>
      <span className="match-count" data-testid="match-count" aria-live="polite" title={error ? `bad regex: ${error}` : undefined}>
        {error ? `bad regex: ${error}` : matches !== null ? `${matches} match${matches === 1 ? '' : 'es'}` : ''}
      </span>
    </div>
  );
}
