import { describe, expect, it } from 'vitest';
import { clampWindow, isAtEnd, panWindow, zoomWindow } from './timeWindow.ts';

const extent = { start: 0, end: 1000 };

describe('zoomWindow', () => {
  it('zooms in around the cursor, keeping the time under it in place', () => {
    const next = zoomWindow({ start: 0, end: 1000 }, 0.5, 0.25, extent);
    expect(next).toEqual({ start: 125, end: 625 });
    // 250 ms was a quarter in before, and still is.
    expect(next.start + (next.end - next.start) * 0.25).toBe(250);
  });
  it('zooms out no further than the extent and stays inside it', () => {
    expect(zoomWindow({ start: 800, end: 1000 }, 10, 1, extent)).toEqual({ start: 0, end: 1000 });
    expect(zoomWindow({ start: 900, end: 1000 }, 2, 0, extent)).toEqual({ start: 800, end: 1000 });
  });
  it('never goes below one millisecond', () => {
    const next = zoomWindow({ start: 10, end: 12 }, 0.01, 0.5, extent);
    expect(next.end - next.start).toBe(1);
  });
});

describe('panWindow', () => {
  it('moves the window and stops at the edges', () => {
    expect(panWindow({ start: 100, end: 200 }, 50, extent)).toEqual({ start: 150, end: 250 });
    expect(panWindow({ start: 100, end: 200 }, -500, extent)).toEqual({ start: 0, end: 100 });
    expect(panWindow({ start: 800, end: 900 }, 500, extent)).toEqual({ start: 900, end: 1000 });
  });
});

describe('clampWindow and isAtEnd', () => {
  it('shrinks a window wider than the extent to it', () => {
    expect(clampWindow({ start: -50, end: 2000 }, extent)).toEqual({ start: 0, end: 1000 });
  });
  it('says whether the window shows the newest time', () => {
    expect(isAtEnd({ start: 500, end: 1000 }, extent)).toBe(true);
    expect(isAtEnd({ start: 400, end: 900 }, extent)).toBe(false);
  });
});
