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
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const render = p.render ?? String;
  const chosen = new Set(p.selected);
  const matching = query ? p.options.filter((o) => render(o).toLowerCase().includes(query.toLowerCase())) : p.options;
  const toggle = (v: T) => p.onChange(chosen.has(v) ? p.selected.filter((x) => x !== v) : [...p.selected, v]);
  const summary = p.selected.length === 0 ? 'all' : p.selected.length === 1 ? render(p.selected[0]) : `${p.selected.length} selected`;

  return (
    <div className="multi" ref={ref} data-testid={p.testId}>
      <button
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
