/** The turn a frame belongs to: timings, assembled output (full text, tool arguments) and usage. */

import { formatMs } from '../../core/format.ts';
import type { Turn } from '../../core/model.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { LongText } from '../common/LongText.tsx';

const ms = (v: number | undefined) => (v === undefined ? '—' : `${formatMs(v)} ms`);

export function TurnDetail({ turn }: { turn: Turn }) {
  return (
    <section className="turn-detail" data-testid="turn-detail" aria-label={`Turn ${turn.index}`}>
      <h3>
        Turn #{turn.index} <span className={`status status-${turn.status}`}>{turn.status}</span>
        {turn.responseId ? <span className="muted"> {turn.responseId}</span> : null}
      </h3>
      <dl className="facts">
        <dt>connection</dt>
        <dd>{turn.conn}{turn.lane ? ` · lane ${turn.lane}` : ''}</dd>
        {turn.model ? (<><dt>model</dt><dd>{turn.model}</dd></>) : null}
        <dt>previous</dt>
        <dd>{turn.previousResponseId === undefined ? '—' : (turn.previousResponseId ?? 'null (full context)')}</dd>
        <dt>to created</dt>
        <dd>{ms(turn.createdMs)}</dd>
        <dt>to first token</dt>
        <dd>{ms(turn.ttftMs)}</dd>
        <dt>total</dt>
        <dd>{ms(turn.totalMs)}</dd>
        <dt>agent time before</dt>
        <dd>{ms(turn.agentMs)}</dd>
        {turn.error ? (<><dt>error</dt><dd className="err">{[turn.error.status, turn.error.code, turn.error.message].filter(Boolean).join(' · ')}</dd></>) : null}
      </dl>
      {turn.usage ? (
        <dl className="facts" data-testid="turn-usage">
          <dt>tokens in</dt>
          <dd>{turn.usage.inputTokens} ({turn.usage.cachedTokens} cached)</dd>
          <dt>tokens out</dt>
          <dd>{turn.usage.outputTokens} ({turn.usage.reasoningTokens} reasoning)</dd>
          <dt>total</dt>
          <dd>{turn.usage.totalTokens}{turn.tokensPerSecond ? ` · ${turn.tokensPerSecond.toFixed(1)} tok/s` : ''}</dd>
        </dl>
      ) : null}
      {turn.outputText ? (
        <div className="assembled">
          <div className="assembled-head">
            Output text <CopyButton text={turn.outputText} />
          </div>
          <pre data-testid="turn-output"><LongText text={turn.outputText} /></pre>
        </div>
      ) : null}
      {turn.toolCalls.map((call) => (
        <div className="assembled" key={call.callId || call.name}>
          <div className="assembled-head">
            {call.name} <span className="muted">{call.callId}</span> <CopyButton text={call.arguments} />
          </div>
          <pre data-testid="turn-tool-args"><LongText text={call.arguments} /></pre>
        </div>
      ))}
    </section>
  );
}
