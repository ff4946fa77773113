import { describe, expect, it } from 'vitest';
import { InspectorError, httpStatusOf } from './errors.ts';

describe('InspectorError', () => {
  it('keeps its code and kind, and names itself after the subclass', () => {
    class PlanError extends InspectorError {}
    const err = new PlanError('bad plan', 'FAULT_PLAN');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('PlanError');
    expect(err.code).toBe('FAULT_PLAN');
    expect(err.kind).toBe('invalid');
  });

  it('maps kinds to HTTP statuses', () => {
    expect(httpStatusOf(new InspectorError('x', 'BAD'))).toBe(400);
    expect(httpStatusOf(new InspectorError('x', 'MISSING', 'not_found'))).toBe(404);
    expect(httpStatusOf(new InspectorError('x', 'BIG', 'too_large'))).toBe(413);
  });
});
