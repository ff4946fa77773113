/**
 * What one press of Esc does on the dashboard: it closes the innermost thing first. An open menu or
 * popover handles its own Esc before this (it listens in the capture phase); then, in order: the
 * search box being typed in, the detail pane, a search still applied, the other filters, and last
 * the row selection. So with a filter set and a row's detail open, Esc closes the detail and the
 * filter stays (a second Esc clears it).
 */

export type EscapeStep = 'search-box' | 'detail' | 'search' | 'filters' | 'selection' | null;

export interface EscapeState {
  /** Focus is in the search box. */
  inSearchBox: boolean;
  detailOpen: boolean;
  search: string;
  /** Any filter other than the search is set. */
  otherFilters: boolean;
  hasSelection: boolean;
}

export function escapeStep(s: EscapeState): EscapeStep {
  if (s.inSearchBox) return 'search-box';
  if (s.detailOpen) return 'detail';
  if (s.search !== '') return 'search';
  if (s.otherFilters) return 'filters';
  if (s.hasSelection) return 'selection';
  return null;
}
