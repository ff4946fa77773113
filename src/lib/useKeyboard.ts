/**
 * Keyboard control of the dashboard: ↑/↓ move through rows, Enter opens the detail,
 * → / ← expand or collapse a folded row, / focuses the search, Esc closes the innermost thing
 * (core/escapeOrder.ts: the detail, then the search, then the filters, then the selection), End
 * goes to the last rows and follows the tail, ? shows these shortcuts. Open menus and popovers take their own keys
 * first (capture phase) and stop them, so arrows in a menu never move the timeline.
 */

import { useEffect } from 'react';
import { escapeStep } from '../core/escapeOrder.ts';
import { EMPTY_FILTER, isFilterActive } from '../core/filters.ts';
import { JUMP_KEYS } from '../core/jumps.ts';
import { memberCount } from '../core/timeline.ts';
import { useDashboard } from '../store/index.ts';

export const SEARCH_INPUT_ID = 'timeline-search';
/** The timeline's scroll box: focused after a search (Enter or ↓) so ↑/↓ move through the results. */
export const TIMELINE_SCROLL_ID = 'timeline-scroll';

/** The shortcuts, as the header's "?" lists them. */
export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: '↑ / ↓', what: 'previous / next row (also k / j; PageUp / PageDown by 20)' },
  { keys: '↑ / ↓ in the turns table', what: 'previous / next turn (PageUp / PageDown by 10; Home / End)' },
  { keys: 'Enter', what: 'open the selected row’s detail' },
  { keys: '→ / ←', what: 'expand / collapse folded deltas (← on a delta: back to its row)' },
  { keys: '/', what: 'search payloads; Enter / Shift+Enter there: next / previous match; ↓: to the results' },
  { keys: 'Esc', what: 'close: menu, detail, then clear the search, then the filters' },
  { keys: 'e / r / l / c', what: 'next error / reconnect / limit / cache miss (Shift: previous)' },
  { keys: 'End', what: 'the last rows, following the tail' },
  { keys: '?', what: 'show these shortcuts' },
];

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function useKeyboard(scrollToEnd: () => void): void {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const s = useDashboard.getState();
      const typing = typingIn(e.target);
      if (e.key === 'Escape') {
        const search = document.getElementById(SEARCH_INPUT_ID) as HTMLInputElement | null;
        const step = escapeStep({
          inSearchBox: !!search && e.target === search,
          detailOpen: s.detailOpen,
          search: s.filter.search,
          otherFilters: isFilterActive({ ...s.filter, search: EMPTY_FILTER.search }),
          hasSelection: s.selection !== null,
        });
        if (step === 'search-box' || step === 'search') {
          if (s.filter.search !== '') s.setFilter({ search: '' });
          search?.blur();
        } else if (step === 'detail') s.setDetailOpen(false);
        else if (step === 'filters') s.clearFilters();
        else if (step === 'selection') s.select(null);
        else if (typing) (e.target as HTMLElement).blur();
        e.preventDefault();
        return;
      }
      if (typing) return;
      const jump = JUMP_KEYS[e.key.toLowerCase()];
      if (jump) {
        s.jumpTo(jump, e.shiftKey ? -1 : 1);
        e.preventDefault();
        return;
      }
      switch (e.key) {
        case '?':
          s.setShortcutsOpen(!s.shortcutsOpen);
          break;
        case '/':
          document.getElementById(SEARCH_INPUT_ID)?.focus();
          break;
        case 'ArrowDown':
        case 'j':
          s.moveSelection(1);
          break;
        case 'ArrowUp':
        case 'k':
          s.moveSelection(-1);
          break;
        case 'PageDown':
          s.moveSelection(20);
          break;
        case 'PageUp':
          s.moveSelection(-20);
          break;
        case 'Enter':
          if (!s.selection) return;
          s.setDetailOpen(true);
          break;
        case 'ArrowRight':
        case 'ArrowLeft': {
          const sel = s.selection;
          if (!sel) return;
          // On one of its deltas, ← folds the row back and selects it.
          if (sel.member !== -1) {
            if (e.key !== 'ArrowLeft') return;
            s.toggleExpanded(sel.row);
            break;
          }
          const row = s.data.timeline.rows[sel.row];
          const folded = row !== undefined && memberCount(row) > 1;
          if (folded && s.expanded.has(sel.row) === (e.key === 'ArrowLeft')) s.toggleExpanded(sel.row);
          break;
        }
        case 'End':
          scrollToEnd();
          break;
        default:
          return;
      }
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [scrollToEnd]);
}
