/** Text or regex search over payloads, debounced, with the match count. `/` focuses it. */

import { useEffect, useState } from 'react';
import { SEARCH_INPUT_ID } from '../../lib/useKeyboard.ts';
import { useDashboard } from '../../store/index.ts';

const DEBOUNCE_MS = 150;

export function SearchBox() {
  const search = useDashboard((s) => s.filter.search);
  const regex = useDashboard((s) => s.filter.regex);
  const error = useDashboard((s) => s.searchError);
  const matches = useDashboard((s) => (s.filter.search ? s.view.matches : null));
  useDashboard((s) => s.viewVersion); // the count grows live
  const setFilter = useDashboard((s) => s.setFilter);
  const [text, setText] = useState(search);

  useEffect(() => setText(search), [search]);
  useEffect(() => {
    if (text === search) return;
    const id = setTimeout(() => setFilter({ search: text }), DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [text, search, setFilter]);

  return (
    <div className="search">
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        placeholder="Search payloads (/)"
        aria-label="Search payloads"
        data-testid="search-input"
        value={text}
        spellCheck={false}
        className={error ? 'invalid' : ''}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') setFilter({ search: text });
        }}
      />
      <label className="regex-toggle" title="Treat the search as a regular expression">
        <input type="checkbox" checked={regex} data-testid="search-regex" onChange={(e) => setFilter({ regex: e.target.checked })} />
        .*
      </label>
      <span className="match-count" data-testid="match-count" aria-live="polite">
        {error ? `bad regex: ${error}` : matches !== null ? `${matches} match${matches === 1 ? '' : 'es'}` : ''}
      </span>
    </div>
  );
}
