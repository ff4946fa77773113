/**
 * The turn a frame belongs to, in tabs: Conversation (input items, tool calls with their
 * arguments, output), Frames (its events, deltas folded), Timing and Usage (with cost once the user
 * has given prices). The tab chosen is kept across turns and reloads.
 */

import { useState } from 'react';
import { groupDigits, turnStatusLabel } from '../../core/labels.ts';
import { formatRelative, formatWallClock } from '../../core/format.ts';
import type { Turn } from '../../core/model.ts';
import { cutOutputChars, isRemoteModel } from '../../core/remoteModel.ts';
import { formatCount, formatSpan } from '../../core/spanFormat.ts';
import { cachedShare, conversationOf, costOf, isPrices, type Prices } from '../../core/turnView.ts';
import { readPref, writePref } from '../../lib/prefs.ts';
import { useDashboard } from '../../store/index.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { LongText } from '../common/LongText.tsx';

type Tab = 'conversation' | 'frames' | 'timing' | 'usage';
const TABS: { id: Tab; label: string }[] = [
  { id: 'conversation', label: 'Conversation' },
  { id: 'frames', label: 'Frames' },
  { id: 'timing', label: 'Timing' },
  { id: 'usage', label: 'Usage' },
];
const isTab = (v: unknown): v is Tab => TABS.some((t) => t.id === v);

export function TurnDetail({ turn }: { turn: Turn }) {
  const [tab, setTab] = useState<Tab>(() => readPref('turnTab', isTab, 'conversation'));
  const choose = (t: Tab) => {
    writePref('turnTab', t);
    setTab(t);
  };
  const served = turn.servedModel ?? turn.model;
  return (
    <section className="turn-detail" data-testid="turn-detail" aria-label={`Turn ${turn.index}`}>
      <h3>
        Turn #{turn.index} <span className={`status status-${turn.status}`}>{turnStatusLabel(turn.status)}</span>
        {served ? (
          <span className="muted" title={turn.model && turn.model !== served ? `requested ${turn.model}` : undefined} data-testid="turn-model">
            {' '}
            {served}
          </span>
        ) : null}
        {turn.responseId ? <span className="muted"> {turn.responseId}</span> : null}
      </h3>
      <div className="tabs" role="tablist" aria-label="Turn">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} data-testid={`turn-tab-${t.id}`} onClick={() => choose(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" data-testid={`turn-panel-${tab}`}>
        {tab === 'conversation' ? <Conversation turn={turn} /> : null}
        {tab === 'frames' ? <Frames turn={turn} /> : null}
        {tab === 'timing' ? <Timing turn={turn} /> : null}
        {tab === 'usage' ? <Usage turn={turn} /> : null}
      </div>
    </section>
  );
}

/** The turn's `response.create` payload, parsed (undefined when it is not JSON). */
function useCreatePayload(turn: Turn): unknown {
  const timeline = useDashboard((s) => s.data.timeline);
  // An indexed capture fetches the request when it is first read: shown once it arrives.
  useDashboard((s) => s.recordsVersion);
  const row = timeline.rowOfFrame(turn.conn, turn.sendSeq);
  const rec = row === undefined ? undefined : timeline.record(timeline.rows[row].members[0]);
  if (rec?.kind !== 'frame' || rec.binary) return undefined;
  try {
    return JSON.parse(rec.data);
  } catch {
    return undefined;
  }
}

/**
 * The turn with its whole output text: an indexed capture's turns arrive with a preview of it, and
 * the whole turn is fetched when shown (undefined until it arrives).
 */
function useWholeTurn(turn: Turn): Turn | undefined {
  const model = useDashboard((s) => s.data.model);
  useDashboard((s) => s.recordsVersion);
  return isRemoteModel(model) ? model.wholeTurn(turn) : turn;
}

function Conversation({ turn }: { turn: Turn }) {
  const whole = useWholeTurn(turn);
  const entries = conversationOf(whole ?? turn, useCreatePayload(turn));
  const cut = whole === undefined ? cutOutputChars(turn) : undefined;
  if (entries.length === 0) return <p className="muted">Nothing to show yet.</p>;
  return (
    <>
      {cut !== undefined ? (
        <p className="muted" data-testid="turn-output-cut">
          Showing the first {groupDigits(turn.outputText.length)} of {groupDigits(cut)} characters of the output; loading…
        </p>
      ) : null}
      <ol className="conversation">
        {entries.map((e, i) => (
          <li key={i} className={`conv conv-${e.kind}`} data-testid="conv-entry" data-kind={e.kind}>
            <div className="assembled-head">
              {e.kind === 'input' ? e.role : e.kind === 'tool-output' ? `tool output ${e.callId}` : e.kind === 'tool-call' ? `${e.name} ${e.callId}` : 'output'}
              <CopyButton text={e.text} />
            </div>
            <pre data-testid={e.kind === 'output' ? 'turn-output' : e.kind === 'tool-call' ? 'turn-tool-args' : undefined}>
              <LongText text={e.text} />
            </pre>
          </li>
        ))}
      </ol>
    </>
  );
}

/** The turn's rows of the timeline (deltas folded), each a link to the row. */
function Frames({ turn }: { turn: Turn }) {
  const timeline = useDashboard((s) => s.data.timeline);
  useDashboard((s) => s.dataVersion);
  // An indexed capture's summaries arrive after its rows.
  useDashboard((s) => s.recordsVersion);
  const revealRow = useDashboard((s) => s.revealRow);
  const first = timeline.rowOfFrame(turn.conn, turn.sendSeq);
  const last = turn.endSeq !== undefined ? timeline.rowOfFrame(turn.conn, turn.endSeq) : undefined;
  const rows = [];
  if (first !== undefined) {
    const stop = last ?? timeline.rows.length - 1;
    for (let i = first; i <= stop && rows.length < 500; i++) {
      const r = timeline.rows[i];
      if (r.conn === turn.conn && r.turn === turn.index) rows.push(r);
    }
  }
  return (
    <table className="turn-frames" aria-label="Frames of the turn">
      <tbody>
        {rows.map((r) => {
          const summary = timeline.summaryOf(r.index);
          return (
            <tr key={r.index} onClick={() => revealRow(r.index)} data-testid="turn-frame">
              <td className="num">{formatRelative(r.t - turn.sendT)}</td>
              <td>{r.dir === 'send' ? '↑' : '↓'}</td>
              <td className="type" title={r.type}>
                {r.type}
                {r.members.length > 1 ? <span className="muted"> {r.members.length}×</span> : null}
              </td>
              <td className="sum" title={summary.slice(0, 2000)}>
                {summary}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Timing({ turn }: { turn: Turn }) {
  const at = (t: number | undefined) => (t === undefined ? '—' : `${formatWallClock(t)} · +${formatRelative(t - turn.sendT)}`);
  return (
    <dl className="facts" data-testid="turn-timing">
      <dt>sent</dt>
      <dd>{formatWallClock(turn.sendT)}</dd>
      <dt>created</dt>
      <dd>{at(turn.createdT)}</dd>
      <dt>first delta</dt>
      <dd>{at(turn.firstDeltaT)}</dd>
      <dt>terminal</dt>
      <dd>{at(turn.endT)}</dd>
      <dt>agent time before</dt>
      <dd>{formatSpan(turn.agentMs)}</dd>
      <dt>connection</dt>
      <dd>
        {turn.conn}
        {turn.lane ? ` · lane ${turn.lane}` : ''}
      </dd>
      <dt>previous</dt>
      <dd>{turn.previousResponseId === undefined ? '—' : (turn.previousResponseId ?? 'null (full context)')}</dd>
      {turn.error ? (
        <>
          <dt>error</dt>
          <dd className="err">{[turn.error.status, turn.error.code, turn.error.message].filter(Boolean).join(' · ')}</dd>
        </>
      ) : null}
    </dl>
  );
}

function Usage({ turn }: { turn: Turn }) {
  const [prices, setPrices] = useState<Prices | null>(() => readPref('prices', (v): v is Prices | null => v === null || isPrices(v), null));
  const [editing, setEditing] = useState(false);
  const u = turn.usage;
  const share = cachedShare(u);
  return (
    <div data-testid="turn-usage">
      {u ? (
        <dl className="facts">
          <dt>tokens in</dt>
          <dd>
            {formatCount(u.inputTokens)} ({formatCount(u.cachedTokens)} cached{share !== undefined ? `, ${Math.round(share * 100)}%` : ''})
          </dd>
          <dt>tokens out</dt>
          <dd>
            {formatCount(u.outputTokens)} ({formatCount(u.reasoningTokens)} reasoning)
          </dd>
          <dt>total</dt>
          <dd>
            {formatCount(u.totalTokens)}
            {turn.tokensPerSecond ? ` · ${turn.tokensPerSecond.toFixed(1)} tok/s` : ''}
          </dd>
          <dt>cost</dt>
          <dd data-testid="turn-cost">
            {prices ? costOf(u, prices).toFixed(6) : <span className="muted">no prices given</span>}{' '}
            <button type="button" className="link" onClick={() => setEditing(!editing)} data-testid="edit-prices">
              {prices ? 'prices…' : 'set prices…'}
            </button>
          </dd>
        </dl>
      ) : (
        <p className="muted">No usage reported (yet).</p>
      )}
      {editing ? (
        <PricesForm
          prices={prices}
          onSave={(p) => {
            writePref('prices', p);
            setPrices(p);
            setEditing(false);
          }}
        />
      ) : null}
    </div>
  );
}

/** Prices per 1 million tokens, in the user's currency; empty = none (no cost shown). */
function PricesForm({ prices, onSave }: { prices: Prices | null; onSave(p: Prices | null): void }) {
  const [input, setInput] = useState(prices ? String(prices.input) : '');
  const [cached, setCached] = useState(prices?.cachedInput !== undefined ? String(prices.cachedInput) : '');
  const [output, setOutput] = useState(prices ? String(prices.output) : '');
  const parsed: unknown = { input: Number(input), output: Number(output), ...(cached.trim() ? { cachedInput: Number(cached) } : {}) };
  const valid = input.trim() !== '' && output.trim() !== '' && isPrices(parsed);
  return (
    <form
      className="prices-form"
      data-testid="prices-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onSave(parsed as Prices);
      }}
    >
      <span className="muted">Per 1M tokens:</span>
      <label>
        input <input value={input} onChange={(e) => setInput(e.target.value)} inputMode="decimal" size={6} data-testid="price-input" />
      </label>
      <label>
        cached <input value={cached} onChange={(e) => setCached(e.target.value)} inputMode="decimal" size={6} placeholder="= input" />
      </label>
      <label>
        output <input value={output} onChange={(e) => setOutput(e.target.value)} inputMode="decimal" size={6} data-testid="price-output" />
      </label>
      <button type="submit" disabled={!valid}>
        Save
      </button>
      {prices ? (
        <button type="button" onClick={() => onSave(null)}>
          Clear
        </button>
      ) : null}
    </form>
  );
}
