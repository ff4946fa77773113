/**
 * Keyboard control of the dashboard (issue 4): ↑/↓ move through rows, Enter opens the detail,
 * → / ← expand or collapse a folded row, / focuses the search, Esc clears (search first, then the
 * selection and the detail), End jumps back to the live tail.
 */

import { useEffect } from 'react';
import { isFilterActive } from '../core/filters.ts';
import { useDashboard } from '../store/index.ts';

export const SEARCH_INPUT_ID = 'timeline-search';

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
        if (typing || s.filter.search !== '') {
          s.setFilter({ search: '' });
          search?.blur();
        } else if (isFilterActive(s.filter)) s.clearFilters();
        else {
          s.setDetailOpen(false);
          s.select(null);
        }
        e.preventDefault();
        return;
      }
      if (typing) return;
      switch (e.key) {
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
          if (!sel || sel.member !== -1) return;
          const folded = s.data.timeline.rows[sel.row]?.members.length > 1;
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
