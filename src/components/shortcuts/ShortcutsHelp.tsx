/**
 * The header's "?": lists the keyboard shortcuts (also opened with the ? key). Its tooltip lists them
 * too, so hovering is enough. Esc or a click elsewhere closes it; its Esc is its own (capture phase),
 * like an open filter menu's.
 */

import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../../lib/useKeyboard.ts';
import { useDashboard } from '../../store/index.ts';

const TITLE = `Keyboard shortcuts\n${SHORTCUTS.map((s) => `${s.keys}  ${s.what}`).join('\n')}`;

export function ShortcutsHelp() {
  const open = useDashboard((s) => s.shortcutsOpen);
  const setOpen = useDashboard((s) => s.setShortcutsOpen);
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    };
    document.addEventListener('mousedown', close);
    window.addEventListener('keydown', escape, true);
    return () => {
      document.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', escape, true);
    };
  }, [open, setOpen]);
  return (
    <span className="shortcuts" ref={ref}>
      <button type="button" data-testid="shortcuts-button" aria-expanded={open} aria-label="Keyboard shortcuts" title={TITLE} onClick={() => setOpen(!open)}>
        ?
      </button>
      {open ? (
        <div className="shortcuts-panel" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcuts">
          <strong>Keyboard shortcuts</strong>
          <dl>
            {SHORTCUTS.map((s) => (
              <div key={s.keys}>
                <dt>
                  <kbd>{s.keys}</kbd>
                </dt>
                <dd>{s.what}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </span>
  );
}
