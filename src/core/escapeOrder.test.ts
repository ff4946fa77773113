import { describe, expect, it } from 'vitest';
import { escapeStep, type EscapeState } from './escapeOrder.ts';

const none: EscapeState = { inSearchBox: false, detailOpen: false, search: '', otherFilters: false, hasSelection: false };

describe('escapeStep', () => {
  it('closes the innermost thing first: detail, then search, then filters, then the selection', () => {
    let s: EscapeState = { ...none, detailOpen: true, search: 'paris', otherFilters: true, hasSelection: true };
    const steps = [];
    for (let step = escapeStep(s); step !== null; step = escapeStep(s)) {
      steps.push(step);
      if (step === 'detail') s = { ...s, detailOpen: false };
      if (step === 'search') s = { ...s, search: '' };
      if (step === 'filters') s = { ...s, otherFilters: false };
      if (step === 'selection') s = { ...s, hasSelection: false };
    }
    expect(steps).toEqual(['detail', 'search', 'filters', 'selection']);
  });

  it('keeps the filters when the detail is open', () => {
    expect(escapeStep({ ...none, detailOpen: true, otherFilters: true })).toBe('detail');
  });

  it('leaves the search box first when typing in it', () => {
    expect(escapeStep({ ...none, inSearchBox: true, detailOpen: true, search: 'x' })).toBe('search-box');
  });

  it('does nothing when there is nothing to close', () => {
    expect(escapeStep(none)).toBeNull();
  });
});
