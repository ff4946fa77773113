/**
 * Replay in the dashboard: play, pause, speed and seek over the capture on screen. The
 * engine keeps the full record list (a snapshot taken when replay starts: a loaded capture, or the
 * live one frozen at that moment) and makes the store hold exactly the records with t <= playhead:
 * moving forwards ingests the next ones, moving backwards resets the store and ingests the prefix
 * again (the same path a feed reconnect takes). The store's clock is the playhead, which the
 * countdown, ages and waterfall read through useNow.
 */

import type { CaptureRecord } from '../core/capture.ts';
import { advancePlayhead, dueCount, replayBounds, type ReplaySpeed } from '../core/replayCursor.ts';
import { useDashboard } from '../store/index.ts';
import { goLive, leaveLive, relayHello, setViewHello } from './liveFeed.ts';

/** The clock shown to components is updated at most this often while playing (they re-render on it). */
const CLOCK_EVERY_MS = 100;
/** At "max" speed: records ingested per animation frame, so the page still paints while it races. */
const MAX_PER_FRAME = 2000;

let records: CaptureRecord[] = [];
/** How many records of `records` the store holds. */
let cursor = 0;
let frame = 0;
let lastWall = 0;
let lastClock = 0;
let playhead = 0;

const store = useDashboard.getState;

export function startReplay(): void {
  const s = store();
  if (s.replay) return;
  const snapshot = s.data.timeline.records.slice();
  const bounds = replayBounds(snapshot);
  if (!bounds) return;
  if (s.source.kind === 'live') {
    const name = relayHello()?.captureFile?.replace(/^.*[\\/]/, '') ?? 'live capture';
    leaveLive();
    s.setSource({ kind: 'file', name, origin: 'live' });
  }
  records = snapshot;
  cursor = records.length;
  playhead = bounds.endT;
  // 'live' mode: the clocks tick, and useNow gives them the playhead.
  setViewHello('live');
  store().setReplay({ playing: false, speed: 1, startT: bounds.startT, endT: bounds.endT, t: bounds.endT });
  seek(bounds.startT);
}

/**
 * Ends replay. A replay of the live view goes back to live (the feed resends everything, so the
 * connections still open are open again, not "unclosed" in a frozen copy); a replay of a file shows
 * the whole file again, its clocks frozen at its last record.
 */
export function stopReplay(): void {
  const s = store();
  if (!s.replay) return;
  if (s.source.kind === 'file' && s.source.origin === 'live') {
    stopReplayEngine();
    goLive();
    return;
  }
  pause();
  seek(s.replay.endT);
  stopReplayEngine();
  if (store().source.kind === 'file') setViewHello('file');
}

/** Forgets the replay without touching the records shown (another capture takes over). */
export function stopReplayEngine(): void {
  cancelAnimationFrame(frame);
  frame = 0;
  records = [];
  cursor = 0;
  if (store().replay) store().setReplay(null);
}

export function play(): void {
  const r = store().replay;
  if (!r) return;
  if (playhead >= r.endT) seek(r.startT);
  store().setReplay({ playing: true });
  lastWall = performance.now();
  cancelAnimationFrame(frame);
  frame = requestAnimationFrame(tick);
}

export function pause(): void {
  cancelAnimationFrame(frame);
  frame = 0;
  if (store().replay?.playing) store().setReplay({ playing: false, t: playhead });
}

export function setSpeed(speed: ReplaySpeed): void {
  store().setReplay({ speed });
}

/** Moves the playhead: forwards ingests what became due, backwards rebuilds from the start. */
export function seek(t: number): void {
  const r = store().replay;
  if (!r) return;
  const prev = playhead;
  playhead = Math.min(r.endT, Math.max(r.startT, t));
  if (playhead >= prev) ingestTo(dueCount(records, playhead, cursor));
  else {
    const due = dueCount(records, playhead);
    if (due !== cursor) rebuild(due);
  }
  store().setReplay({ t: playhead });
  lastClock = performance.now();
}

function rebuild(due: number) {
  const s = store();
  s.resetData();
  cursor = 0;
  ingestTo(due);
  if (due === 0) s.publishData();
}

function ingestTo(due: number) {
  if (due <= cursor) return;
  store().ingest(records.slice(cursor, due));
  cursor = due;
}

function tick(now: number) {
  const r = store().replay;
  if (!r || !r.playing) return;
  const elapsed = now - lastWall;
  lastWall = now;
  if (r.speed === 'max') {
    const due = Math.min(records.length, cursor + MAX_PER_FRAME);
    ingestTo(due);
    playhead = due >= records.length ? r.endT : Math.max(playhead, records[due - 1].t);
  } else {
    playhead = advancePlayhead(playhead, elapsed, r.speed, r.endT);
    ingestTo(dueCount(records, playhead, cursor));
  }
  const finished = playhead >= r.endT && cursor >= records.length;
  if (finished || now - lastClock >= CLOCK_EVERY_MS) {
    lastClock = now;
    store().setReplay({ t: playhead, playing: !finished });
  }
  if (!finished) frame = requestAnimationFrame(tick);
  else frame = 0;
}
