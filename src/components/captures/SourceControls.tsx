/**
 * The header's capture controls: which capture is shown and the way back to live, the
 * captures menu and "Open file…", Replay, and the export buttons.
 */

import { fileName } from '../../core/fileName.ts';
import { goLive, relayHello, startReplay } from '../../lib/sourceActions.ts';
import { useDashboard } from '../../store/index.ts';
import { ExportControls } from '../export/ExportControls.tsx';
import { LoadProgressText } from '../LoadProgress.tsx';
import { CapturesMenu } from './CapturesMenu.tsx';
import './captures.css';
import { escapeBidi } from '../../core/displayText.ts';
import { shortCaptureName } from '../../core/headerText.ts';

export function SourceControls() {
  const source = useDashboard((s) => s.source);
  const loadingFile = useDashboard((s) => s.loadingFile);
  const replaying = useDashboard((s) => s.replay !== null);
  const empty = useDashboard((s) => s.data.timeline.recordCount === 0);
  // Replay plays the records on the page; an indexed capture's are with the CLI.
  const indexed = useDashboard((s) => s.data.index !== undefined);
  useDashboard((s) => s.dataVersion);
  useDashboard((s) => s.hello);
  // Under `open FILE` the feed is that file, not a relay: the way back names it. The relay's own
  // hello, not the one shown: a replay or an opened file replaces the shown one with its own mode.
  const feed = relayHello();
  const servedFile = feed?.mode === 'file' ? fileName(feed.captureFile ?? '') : null;
  const feedFile = servedFile === null ? null : escapeBidi(servedFile || 'the opened file');
  const name = source.kind === 'file' ? escapeBidi(shortCaptureName(source.name)) : '';
  // The capture the header already names (the badge, or the file `open` serves): "opening…" then
  // needs no name of its own (the header would name it twice, both cut at 1280 px).
  const named = source.kind === 'file' ? source.name : servedFile;
  return (
    <div className="source-controls">
      {loadingFile ? (
        <span className="muted" data-testid="loading-file" title={`opening ${escapeBidi(loadingFile)}`}>
          {loadingFile === named ? 'opening…' : `opening ${escapeBidi(loadingFile)}…`}
        </span>
      ) : null}
      <LoadProgressText />
      {source.kind === 'file' ? (
        <span className="source-badge" data-testid="source-badge" data-source={source.origin}>
          <span className="name" data-testid="source-name" title={escapeBidi(source.name)}>
            {source.origin === 'live' && replaying ? `${name} (replay)` : source.origin === 'live' ? `${name} (frozen)` : name}
          </span>
          {/* One replay control: while replaying a live view, the replay bar (its ■ Stop returns to live). */}
          {replaying && source.origin === 'live' ? null : (
            <button
              type="button"
              data-testid="back-to-live"
              onClick={goLive}
              title={feedFile ? `Back to ${feedFile}: leave this capture and show it again` : "Leave this capture and show the relay's live view again"}
            >
              {/* Short: the badge beside it names what is shown, the tooltip where this goes back to. */}
              {feedFile ? '⟲ Back' : '⟲ Back to live'}
            </button>
          )}
        </span>
      ) : null}
      <CapturesMenu />
      {replaying ? null : (
        <button
          type="button"
          data-testid="replay-start"
          disabled={empty || indexed}
          onClick={startReplay}
          title={
            indexed
              ? 'Replay needs every record on the page; this capture is large, so the CLI indexed it and the page holds only what it shows (drop the file on the page to replay it)'
              : 'Replay what is shown: play, pause, speed and a scrubber (■ Stop in the replay bar comes back)'
          }
        >
          ▶ Replay
        </button>
      )}
      <ExportControls />
    </div>
  );
}
