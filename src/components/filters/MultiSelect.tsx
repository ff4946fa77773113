/** A compact multi-select: a button that opens a checkbox list. Nothing checked means "all". */

import { useCallback, useEffect, useRef, useState } from 'react';
import { useClickOutside } from '../../lib/useClickOutside.ts';
import { formatCount } from '../../core/spanFormat.ts';

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
  const close = useCallback(() => setOpen(false), []);
  useClickOutside(ref, open, close);
  useEffect(() => {
    if (!open) return;
    // While the menu is open its keys are its own: the page's keys (useKeyboard: arrows move the
    // timeline selection, Esc clears) listen on window, so this runs first (capture phase) and stops
    // them. Esc closes the menu and nothing else, focus back on its button so the next Esc is the
    // page's; ↑/↓ move between the filter box and the options; Enter toggles the focused option
    // (Space does natively, on a checkbox) or, in the filter box, the first match.
    const keys = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const box = ref.current;
      if (!box) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
        if (box.contains(document.activeElement)) button.current?.focus();
        return;
      }
      if (!box.contains(document.activeElement)) return;
      const options = Array.from(box.querySelectorAll<HTMLInputElement>('.multi-option input'));
      const query = box.querySelector<HTMLInputElement>('.multi-query');
      const items: HTMLElement[] = query ? [query, ...options] : options;
      const at = items.indexOf(document.activeElement as HTMLElement);
      const move = (to: number) => {
        e.preventDefault();
        e.stopPropagation();
        const target = items[Math.max(0, Math.min(items.length - 1, to))];
        target?.focus();
        target?.closest('.multi-option')?.scrollIntoView({ block: 'nearest' });
      };
      if (e.key === 'ArrowDown') move(at < 0 ? (query ? 1 : 0) : at + 1);
      else if (e.key === 'ArrowUp') move(at < 0 ? 0 : at - 1);
      else if (e.key === 'Home' && document.activeElement !== query) move(query ? 1 : 0);
      else if (e.key === 'End' && document.activeElement !== query) move(items.length - 1);
      else if (e.key === 'Enter' && (document.activeElement === query || options.includes(document.activeElement as HTMLInputElement))) {
        e.preventDefault();
        e.stopPropagation();
        (document.activeElement === query ? options[0] : (document.activeElement as HTMLInputElement))?.click();
      }
    };
    window.addEventListener('keydown', keys, true);
    return () => window.removeEventListener('keydown', keys, true);
  }, [open]);

  const render = p.render ?? String;
  const chosen = new Set(p.selected);
  // Trimmed: a space typed in the box (or pasted around a name) does not hide every option.
  const needle = query.trim().toLowerCase();
  const matching = needle ? p.options.filter((o) => render(o).toLowerCase().includes(needle)) : p.options;
  const toggle = (v: T) => p.onChange(chosen.has(v) ? p.selected.filter((x) => x !== v) : [...p.selected, v]);
  const summary = p.selected.length === 0 ? 'all' : p.selected.length === 1 ? render(p.selected[0]) : `${formatCount(p.selected.length)} selected`;

  return (
    <div className="multi" ref={ref} data-testid={p.testId}>
      <button
        ref={button}
        type="button"
        className={`multi-button${p.selected.length ? ' active' : ''}`}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={`${p.label}: ${summary}`}
        onClick={() => setOpen(!open)}
      >
        {/* "all" is what an untouched filter says; a narrow bar drops it (app.css) so the search fits. */}
        {p.label}
        {p.selected.length === 0 ? <span className="multi-all">: all</span> : `: ${summary}`} ▾
      </button>
      {open ? (
        <div className="multi-menu" role="listbox" aria-multiselectable="true" aria-label={p.label}>
          {/* biome-ignore lint/a11y/noAutofocus: the menu opened on a click; typing filters it at once, as in DevTools' filter menus. */}
          {p.options.length > 10 ? <input className="multi-query" placeholder="filter…" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus /> : null}
          <div className="multi-actions">
            <button type="button" onClick={() => p.onChange([])}>
              all
            </button>
          </div>
          {matching.slice(0, MAX_SHOWN).map((o) => (
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a listbox option that is also the checkbox's label, so a click anywhere on it toggles.
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
