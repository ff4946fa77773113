/**
 * Resizable table columns: each width a CSS variable (`--w-NAME`) on the table's root, so the
 * header and every virtual row follow one value without re-rendering the rows; kept across reloads.
 */

import { useCallback, useState, type CSSProperties } from 'react';
import { readPref, writePref } from '../../lib/prefs.ts';
import { startPointerDrag } from '../../lib/pointerDrag.ts';

type Widths = Record<string, number>;
const isWidths = (v: unknown): v is Widths =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0);

export function useColumnWidths(prefKey: string): { style: CSSProperties; set(name: string, px: number | null): void } {
  const [widths, setWidths] = useState<Widths>(() => readPref(prefKey, isWidths, {}));
  const set = useCallback(
    (name: string, px: number | null) => {
      setWidths((w) => {
        const next = { ...w };
        if (px === null) delete next[name];
        else next[name] = Math.round(px);
        writePref(prefKey, next);
        return next;
      });
    },
    [prefKey],
  );
  const style = Object.fromEntries(Object.entries(widths).map(([k, v]) => [`--w-${k}`, `${v}px`])) as CSSProperties;
  return { style, set };
}

/** A handle at a header cell's right edge: drag to resize the column, double-click for its default. */
export function ColumnResizer({ name, onWidth }: { name: string; onWidth(name: string, px: number | null): void }) {
  return (
    <span
      className="col-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize the ${name} column`}
      data-testid={`col-resize-${name}`}
      title="Drag to resize; double-click to reset"
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={(e) => {
        e.stopPropagation();
        onWidth(name, null);
      }}
      onPointerDown={(e) => {
        e.preventDefault();
        e.stopPropagation();
        const start = e.currentTarget.parentElement!.getBoundingClientRect().width;
        startPointerDrag(e.currentTarget, e, (dx) => onWidth(name, Math.max(24, start + dx)));
      }}
    />
  );
}
