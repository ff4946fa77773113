/** Column headers; the widths live in the CSS grid template shared with the lines. */
export function TimelineHead() {
  return (
    <div role="row" className="tl-line tl-head">
      <span role="columnheader" className="c-time" title="Time since the session start, ms">t ms</span>
      <span role="columnheader" className="c-delta" title="Time since the previous row, ms">Δ ms</span>
      <span role="columnheader" className="c-dir">dir</span>
      <span role="columnheader" className="c-conn">conn</span>
      <span role="columnheader" className="c-lane">lane</span>
      <span role="columnheader" className="c-turn">turn</span>
      <span role="columnheader" className="c-type">event</span>
      <span role="columnheader" className="c-summary">summary</span>
      <span role="columnheader" className="c-size">size</span>
    </div>
  );
}
