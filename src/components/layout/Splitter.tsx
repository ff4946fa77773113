/**
 * A drag handle between two panes. Dragging (or the arrow keys, for the keyboard) changes a size in
 * px within [min, max]; the size is kept across reloads under `prefKey`. Double-click restores the
 * default.
 */

import { useCallback, useState } from 'react';
import { readPref, writePref } from '../../lib/prefs.ts';
import { startPointerDrag } from '../../lib/pointerDrag.ts';

const isSize = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** A size remembered across reloads. */
export function usePrefSize(prefKey: string, fallback: number): [number, (px: number) => void] {
  const [size, setSize] = useState(() => readPref(prefKey, isSize, fallback));
  const set = useCallback(
    (px: number) => {
      setSize(px);
      writePref(prefKey, px);
    },
    [prefKey],
  );
  return [size, set];
}

interface Props {
  /** 'y': a horizontal bar resizing the pane above; 'x': a vertical bar resizing the pane to its right (`invert`) or left. */
  axis: 'x' | 'y';
  size: number;
  min: number;
  max: number;
  fallback: number;
  onSize(px: number): void;
  /** The pane grows when the pointer moves left/up (the pane is after the handle). */
  invert?: boolean;
  label: string;
  testId?: string;
}

export function Splitter({ axis, size, min, max, fallback, onSize, invert, label, testId }: Props) {
  const clamp = (v: number) => Math.round(Math.max(min, Math.min(max, v)));
  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const start = size;
    startPointerDrag(e.currentTarget, e, (dx, dy) => {
      const d = axis === 'x' ? dx : dy;
      onSize(clamp(start + (invert ? -d : d)));
    });
  };
  return (
    <div
      className={`splitter splitter-${axis}`}
      role="separator"
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      aria-label={label}
      aria-valuenow={size}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      data-testid={testId}
      title={`${label}: drag to resize, double-click to reset`}
      onPointerDown={onPointerDown}
      onDoubleClick={() => onSize(clamp(fallback))}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 50 : 10;
        const grow = axis === 'x' ? (invert ? 'ArrowLeft' : 'ArrowRight') : 'ArrowDown';
        const shrink = axis === 'x' ? (invert ? 'ArrowRight' : 'ArrowLeft') : 'ArrowUp';
        if (e.key === grow) onSize(clamp(size + step));
        else if (e.key === shrink) onSize(clamp(size - step));
        else return;
        e.preventDefault();
        e.stopPropagation();
      }}
    />
  );
}
