import { describe, expect, it } from 'vitest';
import { slicer } from './slicer.ts';

describe('slicer', () => {
  it('pauses once a slice of work has run, not before, and counts the next slice from the pause', async () => {
    let pauses = 0;
    let t = 0;
    const due = slicer(
      20,
      async () => {
        pauses++;
      },
      () => t,
    );
    expect(due()).toBeUndefined();
    t = 19;
    expect(due()).toBeUndefined();
    t = 20;
    const y = due();
    expect(y).toBeInstanceOf(Promise);
    await y;
    expect(pauses).toBe(1);
    expect(due()).toBeUndefined();
  });
});
