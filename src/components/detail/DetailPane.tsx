/** The selected row: its JSON tree, raw text and copy buttons, and the turn it belongs to. */

import { useEffect, useMemo, useRef, useState } from 'react';
import type { CaptureRecord } from '../../core/capture.ts';
import type { TimelineRow } from '../../core/timeline.ts';
import { formatBytes, formatRelative, formatWallClock } from '../../core/format.ts';
import { foldedText } from '../../core/lineText.ts';
import { useDashboard } from '../../store/index.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { Highlighted, useHighlighter } from '../common/Highlighted.tsx';
import { LongText } from '../common/LongText.tsx';
import { JsonTree } from './JsonTree.tsx';
import { TurnDetail } from './TurnDetail.tsx';
import { formatCount } from '../../core/spanFormat.ts';

/** Above this, the raw text is shown paged, without marks. */
const HIGHLIGHT_MAX_CHARS = 200_000;

function payloadOf(rec: CaptureRecord): { raw: string; value: unknown; json: boolean } {
  if (rec.kind !== 'frame') return { raw: JSON.stringify(rec), value: rec, json: true };
  if (rec.binary) return { raw: rec.data, value: rec.data, json: false };
  try {
    return { raw: rec.data, value: JSON.parse(rec.data), json: true };
  } catch {
    return { raw: rec.data, value: rec.data, json: false };
  }
}

export function DetailPane() {
  const selection = useDashboard((s) => s.selection);
  const data = useDashboard((s) => s.data);
  // Re-render when the selected row folds more deltas or its turn advances, not on every batch.
  useDashboard((s) => {
    const r = s.selection ? s.data.timeline.rows[s.selection.row] : undefined;
    const t = r?.conn && r.seq !== null ? s.data.model.turnOfFrame(r.conn, r.seq) : undefined;
    return `${r?.members.length}|${t?.frames}|${t?.status}`;
  });
  // An indexed capture's records arrive after the selection: the pane shows them when they do.
  useDashboard((s) => s.recordsVersion);
  const [tab, setTab] = useState<'tree' | 'raw'>('tree');
  const row = selection ? data.timeline.rows[selection.row] : undefined;
  if (!selection || !row) return <div className="detail empty muted">Select a row (↑/↓, Enter) to see its payload.</div>;

  const memberIdx = Math.max(selection.member, 0);
  const rec = data.timeline.record(row.members[memberIdx]);
  if (!rec) return <RecordMissing />;
  // Keyed by the record: a text expanded with "show more" is not carried to the next one.
  return <RecordDetail key={`${selection.row}:${memberIdx}`} rec={rec} row={row} folded={row.members.length > 1 && selection.member < 0} tab={tab} setTab={setTab} />;
}

function RecordDetail({ rec, row, folded, tab, setTab }: { rec: CaptureRecord; row: TimelineRow; folded: boolean; tab: 'tree' | 'raw'; setTab(tab: 'tree' | 'raw'): void }) {
  const data = useDashboard((s) => s.data);
  const setDetailOpen = useDashboard((s) => s.setDetailOpen);
  const highlight = useHighlighter();
  // Parsed once per record: the pane re-renders as batches arrive, and a payload can be megabytes.
  const { raw, value, json } = useMemo(() => payloadOf(rec), [rec]);
  const assembled = folded ? foldedText(data.timeline, row) : undefined;
  const turn = row.conn && row.seq !== null ? data.model.turnOfFrame(row.conn, rec.kind === 'frame' ? rec.seq : row.seq) : undefined;
  const pane = useRef<HTMLDivElement>(null);
  // Stepping through search matches lands on a record whose match can be far down its payload:
  // bring the first mark into the pane's view. Only the pane scrolls (scrollIntoView would also
  // scroll the layout's overflow-hidden ancestors and move the panes).
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the record, the query or the tab changes what is marked.
  useEffect(() => {
    const el = pane.current;
    const mark = highlight ? el?.querySelector<HTMLElement>('.detail-body mark.hit') : null;
    if (!el || !mark) return;
    const top = mark.getBoundingClientRect().top - el.getBoundingClientRect().top;
    if (top < 0 || top > el.clientHeight - 24) el.scrollTop += top - el.clientHeight / 3;
  }, [rec, highlight, tab]);

  return (
    <div className="detail" data-testid="detail" role="region" aria-label="Event detail" ref={pane}>
      <header className="detail-head">
        <strong data-testid="detail-type">{row.type}</strong>
        <span className="muted">
          {row.conn ?? ''} {rec.kind === 'frame' ? `seq ${rec.seq} · ${rec.dir} · ${formatBytes(rec.size)}` : ''} ·{' '}
          <span data-testid="detail-time">
            {formatRelative(rec.t - (data.timeline.startT ?? rec.t))} · {formatWallClock(rec.t)}
          </span>
        </span>
        <button type="button" className="close" aria-label="Close detail" onClick={() => setDetailOpen(false)}>
          ×
        </button>
      </header>
      {/* The turn first, as a network panel shows the request before its frames. */}
      {turn ? <TurnDetail turn={turn} /> : null}
      {folded ? (
        <div className="assembled">
          <div className="assembled-head">
            {formatCount(row.members.length)} deltas folded; assembled <CopyButton text={assembled ?? ''} />
          </div>
          <pre data-testid="folded-text">{assembled === undefined ? <span className="muted">Loading the deltas…</span> : <LongText text={assembled} />}</pre>
          <div className="muted">Showing the first delta below; expand the row (→) to pick another.</div>
        </div>
      ) : null}
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'tree'} onClick={() => setTab('tree')} data-testid="tab-tree">
          JSON
        </button>
        <button type="button" role="tab" aria-selected={tab === 'raw'} onClick={() => setTab('raw')} data-testid="tab-raw">
          Raw
        </button>
        <CopyButton text={raw} label="Copy raw" testId="copy-raw" />
        {json ? <CopyButton text={() => JSON.stringify(value, null, 2)} label="Copy JSON" testId="copy-json" /> : null}
      </div>
      <div className="detail-body" role="tabpanel">
        {tab === 'tree' && json ? (
          <JsonTree value={value} />
        ) : (
          <pre className="raw" data-testid="raw-text">
            {/* Matches marked while the text is of a size to lay out whole; a huge one pages (LongText). */}
            {highlight && raw.length <= HIGHLIGHT_MAX_CHARS ? <Highlighted text={raw} re={highlight} /> : <LongText key={tab} text={raw} />}
          </pre>
        )}
      </div>
    </div>
  );
}

/** An indexed capture's record not fetched yet, or that cannot be fetched (the file went away). */
function RecordMissing() {
  const error = useDashboard((s) => s.recordError);
  if (error === null) return <div className="detail empty muted">Loading the record…</div>;
  return (
    <div className="detail empty muted" role="alert">
      This record cannot be read: {error}
    </div>
  );
}
