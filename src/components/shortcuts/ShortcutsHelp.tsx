/**
 * The header's "?": lists the keyboard shortcuts (also opened with the ? key). Its tooltip lists them
 * too, so hovering is enough. Esc or a click elsewhere closes it; its Esc is its own (capture phase),
 * like an open filter menu's.
 */

import { useCallback, useEffect, useRef } from 'react';
import { useClickOutside } from '../../lib/useClickOutside.ts';
import { SHORTCUTS } from '../../lib/useKeyboard.ts';
import { useDashboard } from '../../store/index.ts';

const TITLE = `Keyboard shortcuts\n${SHORTCUTS.map((s) => `${s.keys}  ${s.what}`).join('\n')}`;

export function ShortcutsHelp() {
  const open = useDashboard((s) => s.shortcutsOpen);
  const setOpen = useDashboard((s) => s.setShortcutsOpen);
  const ref = useRef<HTMLSpanElement>(null);
  const close = useCallback(() => setOpen(false), [setOpen]);
  useClickOutside(ref, open, close);
  useEffect(() => {
    if (!open) return;
    const onEscape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      close();
    };
    window.addEventListener('keydown', onEscape, true);
    return () => window.removeEventListener('keydown', onEscape, true);
  }, [open, close]);
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
