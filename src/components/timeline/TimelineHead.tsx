import { useDashboard } from '../../store/index.ts';
import { ColumnResizer } from '../layout/ColumnResizer.tsx';

/** Column headers; the widths live in the CSS shared with the lines. The time header switches the time mode. */
export function TimelineHead({ onWidth, headRef }: { onWidth(name: string, px: number | null): void; headRef: React.RefObject<HTMLDivElement | null> }) {
  const mode = useDashboard((s) => s.timeMode);
  const setMode = useDashboard((s) => s.setTimeMode);
  return (
    <div role="row" className="tl-line tl-head" ref={headRef}>
      <span role="columnheader" className="c-time">
        <button
          type="button"
          className="link"
          data-testid="time-mode"
          data-mode={mode}
          onClick={() => setMode(mode === 'relative' ? 'wall' : 'relative')}
          title={
            mode === 'relative'
              ? 'Time since the capture start. Click for the wall clock (HH:MM:SS.mmm)'
              : 'Wall clock (HH:MM:SS.mmm, your time zone). Click for the time since the capture start'
          }
        >
          {mode === 'relative' ? 'time' : 'clock'}
        </button>
        <ColumnResizer name="time" onWidth={onWidth} />
      </span>
      <span role="columnheader" className="c-delta" title="Time since the previous row">
        Δ<ColumnResizer name="delta" onWidth={onWidth} />
      </span>
      <span role="columnheader" className="c-dir">
        dir
        <ColumnResizer name="dir" onWidth={onWidth} />
      </span>
      <span role="columnheader" className="c-conn">
        conn
        <ColumnResizer name="conn" onWidth={onWidth} />
      </span>
      <span role="columnheader" className="c-lane">
        lane
        <ColumnResizer name="lane" onWidth={onWidth} />
      </span>
      <span role="columnheader" className="c-turn">
        turn
        <ColumnResizer name="turn" onWidth={onWidth} />
      </span>
      <span role="columnheader" className="c-type">
        event
        <ColumnResizer name="type" onWidth={onWidth} />
      </span>
      <span role="columnheader" className="c-summary">
        summary
      </span>
      <span role="columnheader" className="c-size">
        size
      </span>
    </div>
  );
}
