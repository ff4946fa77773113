/** Text or regex search over payloads, debounced, with the match count. `/` focuses it. */

import { useEffect, useRef, useState } from 'react';
import { SEARCH_INPUT_ID, TIMELINE_SCROLL_ID } from '../../lib/useKeyboard.ts';
import { matchCountText } from '../../core/matchCount.ts';
import { useDashboard } from '../../store/index.ts';

const DEBOUNCE_MS = 150;

export function SearchBox() {
  const search = useDashboard((s) => s.filter.search);
  const regex = useDashboard((s) => s.filter.regex);
  const error = useDashboard((s) => s.searchError);
  const searching = useDashboard((s) => s.searching);
  // Rows shown (the view shows only those that match), counted as "n / N" counts them.
  const matchingRows = useDashboard((s) => (s.filter.search ? s.view.rows.length : 0));
  useDashboard((s) => s.viewVersion); // the count grows live
  // "n / N": the selected row's place among the rows that match.
  const position = useDashboard((s) => {
    if (!s.filter.search || !s.selection) return null;
    const at = s.view.positionOf(s.selection.row, s.selection.member);
    return at < 0 ? null : at;
  });
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

  const count = searching ? 'searching…' : matchCountText(search, matchingRows, position, error);
  return (
    <div className="search">
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        placeholder="Search payloads (/)"
        title="Search payloads: / to focus, Enter / Shift+Enter for the next / previous match, ↓ to the results, Esc to clear"
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
          // Enter / Shift+Enter apply the search now and step to the next / previous match, its
          // detail open, the focus staying here. ↓ goes to the first match with the focus on the
          // timeline, so that ↑/↓ move through the results there.
          if (e.key !== 'Enter' && e.key !== 'ArrowDown') return;
          e.preventDefault();
          clearTimeout(timer.current);
          const fresh = text !== search;
          if (fresh) setFilter({ search: text });
          const st = useDashboard.getState();
          const n = st.view.rows.length;
          if (text === '' || n === 0) return;
          if (e.key === 'ArrowDown') {
            selectPosition(0);
            document.getElementById(TIMELINE_SCROLL_ID)?.focus();
            return;
          }
          const at = !fresh && st.selection ? st.view.positionOf(st.selection.row, st.selection.member) : -1;
          const next = at < 0 ? (e.shiftKey ? n - 1 : 0) : (at + (e.shiftKey ? n - 1 : 1)) % n;
          selectPosition(next);
          st.setDetailOpen(true);
        }}
      />
      <label className="regex-toggle" title="Treat the search as a regular expression">
        <input type="checkbox" checked={regex} data-testid="search-regex" onChange={(e) => setFilter({ regex: e.target.checked })} />
        .*
      </label>
      <span className="match-count" data-testid="match-count" aria-live="polite" title={count || undefined}>
        {count}
      </span>
    </div>
  );
}
