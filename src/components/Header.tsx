/** Title bar: feed state, what is being inspected, record counts, the Pause button (live only) and the shortcuts. */

import { useDashboard } from '../store/index.ts';
import { selectTurnsPending } from '../store/turnsSelectors.ts';
import { countOf, pendingTurns } from '../core/labels.ts';
import { SourceControls } from './captures/SourceControls.tsx';
import { LoadProgress } from './LoadProgress.tsx';
import { ShortcutsHelp } from './shortcuts/ShortcutsHelp.tsx';
import { escapeBidi } from '../core/displayText.ts';
import { feedLabel, shortCaptureName, shortUpstream } from '../core/headerText.ts';

export function Header() {
  const feedStatus = useDashboard((s) => s.feedStatus);
  const hello = useDashboard((s) => s.hello);
  const synced = useDashboard((s) => s.synced);
  const paused = useDashboard((s) => s.paused);
  const atBottom = useDashboard((s) => s.atBottom);
  const setPaused = useDashboard((s) => s.setPaused);
  const turns = useDashboard((s) => s.data.model.turns().length);
  const turnsPending = useDashboard(selectTurnsPending);
  const turnsTotal = useDashboard((s) => s.data.index?.turnsTotal);
  // A capture opened in place of the feed: the feed is stopped, its state does not apply.
  const viewingFile = useDashboard((s) => s.source.kind === 'file');
  const replaying = useDashboard((s) => s.replay !== null);
  useDashboard((s) => s.dataVersion);
  const info = useDashboard((s) => s.data.model.info());
  const ended = info.ended === true;
  const following = !paused && atBottom;
  // A saved capture does not grow: there is no tail to follow. A replay grows, but it is not live
  // and has its own Play/Pause in the replay bar; a second "Pause" here would be a different thing.
  // An ended run does not grow either: nothing to follow or pause.
  const fixed = viewingFile || hello?.mode === 'file' || replaying || ended;
  const label = feedLabel({ status: feedStatus, mode: hello?.mode, synced, ended, lastT: info.lastT });
  return (
    <header className="app-header">
      {/* Two groups: what is inspected (shrinks, its long names cut with an ellipsis) and the actions
          (never cut). One line from 1024 px up; a narrower window puts the actions on a second line. */}
      <div className="header-id">
        <h1>Responses Inspector</h1>
        {viewingFile ? null : (
          // A file served by `open` is not live: its own colour, not the live feed's green.
          <span className={`feed-status ${feedStatus} ${label.tone}`} data-testid="feed-status" data-status={feedStatus} data-tone={label.tone} role="status" title={label.title}>
            ● {label.text}
          </span>
        )}
        {hello?.upstream ? (
          <span className="muted upstream" data-testid="upstream" title={`Upstream: ${hello.upstream}`}>
            → {shortUpstream(hello.upstream)}
          </span>
        ) : null}
        {hello?.captureFile ? (
          <span className="muted capture-file" data-testid="capture-file" title={escapeBidi(hello.captureFile)}>
            {escapeBidi(shortCaptureName(hello.captureFile))}
          </span>
        ) : null}
      </div>
      <div className="header-actions">
        <SourceControls />
        <span className="muted" data-testid="turn-count">
          {/* A first open lists the turns that ended while the CLI still reads the capture. */}
          {turnsPending ? pendingTurns(turns, turnsTotal) : countOf(turns, 'turn')}
        </span>
        {fixed ? null : (
          <>
            <span className={`follow ${following ? 'on' : ''}`} data-testid="follow-state" title="The timeline follows new rows only while scrolled to the bottom">
              {following ? 'following tail' : paused ? 'paused' : 'scrolled up'}
            </span>
            <button type="button" aria-pressed={paused} data-testid="pause" onClick={() => setPaused(!paused)} title="Stop or resume following new rows">
              {paused ? '▶ Resume' : '❚❚ Pause'}
            </button>
          </>
        )}
        <ShortcutsHelp />
      </div>
      <LoadProgress />
    </header>
  );
}
