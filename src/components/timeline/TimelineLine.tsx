import { memo } from 'react';
import { formatBytes, formatDelta, formatRowTime, type TimeMode } from '../../core/format.ts';
import { middleEllipsis } from '../../core/labels.ts';
import { rowBadge } from '../../core/marks.ts';
import type { CaptureRecord } from '../../core/capture.ts';
import type { DataSet } from '../../store/index.ts';
import { escapeBidi } from '../../core/displayText.ts';
import { deltaText, lineSummary } from '../../core/lineText.ts';
import { Highlighted } from '../common/Highlighted.tsx';
import { formatCount } from '../../core/spanFormat.ts';
import { memberCount } from '../../core/timeline.ts';

interface Props {
  data: DataSet;
  position: number;
  row: number;
  member: number;
  prevT: number | undefined;
  selected: boolean;
  expanded: boolean;
  top: number;
  timeMode: TimeMode;
  /** The search, to mark its matches in the row. */
  highlight: RegExp | null;
  /** Bumps when the data changes, so a folded row's summary and count refresh. */
  version: number;
}

const DIR_LABEL = { send: '↑ send', receive: '↓ receive' } as const;
/**
 * Characters of a lane name shown (the column is this wide, app.css .c-lane). Lanes of one agent
 * often share a prefix (review-docs, review-tests): a longer name loses its middle, not its end.
 */
const LANE_CHARS = 13;

export function lineTime(data: DataSet, row: number, member: number): number {
  const r = data.timeline.rows[row];
  return member < 0 ? r.t : (data.timeline.record(r.members[member])?.t ?? r.t);
}

/**
 * One line of the timeline: a row, or one folded delta under an expanded row. Text only. Clicks are
 * handled once on the list (Timeline.tsx), found by `aria-rowindex`: a line carries no handlers.
 */
export const TimelineLine = memo(function TimelineLine(p: Props) {
  const { timeline, model } = p.data;
  const r = timeline.rows[p.row];
  const start = timeline.startT ?? r.t;
  const t = lineTime(p.data, p.row, p.member);
  const folded = memberCount(r) > 1;
  const isMember = p.member >= 0;
  const badge = isMember ? null : rowBadge(r, r.conn ? model.connection(r.conn) : undefined);
  const rec = isMember ? ((timeline.record(r.members[p.member]) as Extract<CaptureRecord, { kind: 'frame' }> | undefined) ?? null) : null;
  const summary = rec ? lineSummary(rec, deltaText(rec)) : lineSummary(r, timeline.summaryOf(p.row));
  return (
    <div
      role="row"
      aria-rowindex={p.position + 1}
      aria-selected={p.selected}
      data-testid={isMember ? 'timeline-member' : 'timeline-row'}
      data-type={r.type}
      data-conn={r.conn ?? ''}
      className={`tl-line${p.position % 2 ? ' alt' : ''}${p.selected ? ' selected' : ''}${isMember ? ' member' : ''}${r.dir ? ` dir-${r.dir}` : ' meta'}${r.mark ? ` mark-${r.mark}` : ''}`}
      // `top`, not a transform: a transform gives each line its own paint property node, which
      // Chromium re-layerizes whenever lines come and go during a scroll.
      style={{ top: p.top }}
    >
      <span role="gridcell" className="c-time">
        {formatRowTime(t, start, p.timeMode)}
      </span>
      <span role="gridcell" className="c-delta">
        {formatDelta(p.prevT === undefined ? undefined : t - p.prevT)}
      </span>
      <span role="gridcell" className="c-dir">
        {r.dir ? DIR_LABEL[r.dir] : '•'}
      </span>
      <span role="gridcell" className="c-conn">
        {r.conn ?? ''}
      </span>
      <span role="gridcell" className="c-lane" title={r.lane && r.lane.length > LANE_CHARS ? r.lane : undefined}>
        {r.lane ? middleEllipsis(r.lane, LANE_CHARS) : ''}
      </span>
      <span role="gridcell" className="c-turn">
        {r.turn !== null ? `#${r.turn}` : ''}
      </span>
      <span role="gridcell" className="c-type" title={r.type}>
        {folded && !isMember ? (
          <button type="button" className="fold" aria-expanded={p.expanded} data-testid="fold-toggle" title={p.expanded ? 'Collapse' : 'Show each delta'}>
            {p.expanded ? '▾' : '▸'} {formatCount(memberCount(r))}×
          </button>
        ) : null}
        {isMember ? `  ${p.member + 1}.` : p.highlight ? <Highlighted text={r.type} re={p.highlight} /> : escapeBidi(r.type)}
      </span>
      <span role="gridcell" className="c-summary" title={summary.title}>
        {badge ? (
          <span className={`badge ${badge.tone}`} title={badge.title} data-testid="row-badge">
            {badge.label}
          </span>
        ) : null}
        {p.highlight ? <Highlighted text={summary.shown} re={p.highlight} /> : summary.shown}
      </span>
      <span role="gridcell" className="c-size">
        {rec ? formatBytes(rec.size) : r.size > 0 ? formatBytes(r.size) : ''}
      </span>
    </div>
  );
});
