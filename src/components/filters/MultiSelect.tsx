/** A compact multi-select: a button that opens a checkbox list. Nothing checked means "all". */

import { useEffect, useRef, useState } from 'react';

interface Props<T extends string | number> {
  label: string;
  testId: string;
  options: readonly T[];
  selected: readonly T[];
  render?(value: T): string;
  onChange(next: T[]): void;
}

/** Long option lists (thousands of turns) show this many; the rest are reachable by typing. */
const MAX_SHOWN = 300;

export function MultiSelect<T extends string | number>(p: Props<T>) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    // Esc closes the open menu and nothing else: the page's Esc (useKeyboard: clear the search, then
    // the filters, then the selection) listens on window, so this runs first (capture phase) and
    // stops it. Focus goes back to the menu's button, so the next Esc is the page's.
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      if (!ref.current || ref.current.contains(document.activeElement)) button.current?.focus();
    };
    document.addEventListener('mousedown', close);
    window.addEventListener('keydown', escape, true);
    return () => {
      document.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', escape, true);
    };
  }, [open]);

  const render = p.render ?? String;
  const chosen = new Set(p.selected);
  const matching = query ? p.options.filter((o) => render(o).toLowerCase().includes(query.toLowerCase())) : p.options;
  const toggle = (v: T) => p.onChange(chosen.has(v) ? p.selected.filter((x) => x !== v) : [...p.selected, v]);
  const summary = p.selected.length === 0 ? 'all' : p.selected.length === 1 ? render(p.selected[0]) : `${p.selected.length} selected`;

  return (
    <div className="multi" ref={ref} data-testid={p.testId}>
      <button
        ref={button}
        type="button"
        className={`multi-button${p.selected.length ? ' active' : ''}`}
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {p.label}: {summary} ▾
      </button>
      {open ? (
        <div className="multi-menu" role="listbox" aria-multiselectable="true" aria-label={p.label}>
          {p.options.length > 10 ? (
            <input className="multi-query" placeholder="filter…" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
          ) : null}
          <div className="multi-actions">
            <button type="button" onClick={() => p.onChange([])}>
              all
            </button>
          </div>
          {matching.slice(0, MAX_SHOWN).map((o) => (
            <label key={String(o)} role="option" aria-selected={chosen.has(o)} className="multi-option">
              <input type="checkbox" checked={chosen.has(o)} onChange={() => toggle(o)} />
              {render(o)}
            </label>
          ))}
          {matching.length > MAX_SHOWN ? <div className="muted">{matching.length - MAX_SHOWN} more: type to narrow</div> : null}
          {p.options.length === 0 ? <div className="muted">nothing yet</div> : null}
        </div>
      ) : null}
    </div>
  );
}
