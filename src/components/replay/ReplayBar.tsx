/**
 * Replay controls: play/pause, speed (1×, 10×, max), a scrubber over the capture and the
 * playhead. Timeline, waterfall and countdown show the state at the playhead (src/lib/replaySource.ts).
 */

import { formatPlayhead, type ReplaySpeed } from '../../core/replayCursor.ts';
import { pause, play, seek, setSpeed, stopReplay } from '../../lib/sourceActions.ts';
import { useDashboard } from '../../store/index.ts';
import '../captures/captures.css';

const SPEEDS: { speed: ReplaySpeed; label: string }[] = [
  { speed: 1, label: '1×' },
  { speed: 10, label: '10×' },
  { speed: 'max', label: 'max' },
];

export function ReplayBar() {
  const replay = useDashboard((s) => s.replay);
  const source = useDashboard((s) => s.source);
  if (!replay) return null;
  const { playing, speed, startT, endT, t } = replay;
  return (
    <div className="replay-bar" role="toolbar" aria-label="Replay" data-testid="replay-bar" data-playing={playing} data-t={t}>
      <strong>Replay</strong>
      <button type="button" data-testid="replay-play" onClick={playing ? pause : play} aria-label={playing ? 'Pause' : 'Play'}>
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <span className="speeds" role="group" aria-label="Speed">
        {SPEEDS.map((s) => (
          <button key={String(s.speed)} type="button" data-testid={`replay-speed-${s.speed}`} aria-pressed={speed === s.speed} onClick={() => setSpeed(s.speed)}>
            {s.label}
          </button>
        ))}
      </span>
      <input
        type="range"
        data-testid="replay-scrubber"
        aria-label="Playhead"
        min={startT}
        max={endT}
        step="any"
        value={t}
        onChange={(e) => {
          pause();
          seek(Number(e.currentTarget.value));
        }}
      />
      <span className="playhead" data-testid="replay-playhead">
        {formatPlayhead(t, startT)} / {formatPlayhead(endT, startT)}
      </span>
      <button
        type="button"
        data-testid="replay-stop"
        onClick={stopReplay}
        title={source.kind === 'file' && source.origin === 'live' ? 'Leave replay and go back to live' : 'Leave replay and show the whole capture'}
      >
        ■ Stop
      </button>
    </div>
  );
}
