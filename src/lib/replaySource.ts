/**
 * Replay in the dashboard: play, pause, speed and seek over the capture on screen. The source keeps
 * the full record list (a snapshot taken when replay starts: a loaded capture, or the live one
 * frozen at that moment) and makes the store hold exactly the records with t <= playhead: moving
 * forwards queues the next ones, moving backwards resets the store and queues the prefix again (the
 * same path a feed reconnect takes). The store's clock is the playhead, which the countdown, ages
 * and waterfall read through useNow.
 */

import { fileName } from '../core/fileName.ts';
import type { CaptureRecord } from '../core/capture.ts';
import { advancePlayhead, dueCount, replayBounds, type ReplaySpeed } from '../core/replayCursor.ts';
import type { Source, SourceFeed } from './source.ts';
import { viewHello } from './viewHello.ts';

/** The clock shown to components is updated at most this often while playing (they re-render on it). */
const CLOCK_EVERY_MS = 100;
/** At "max" speed: records queued per animation frame, so the page still paints while it races. */
const MAX_PER_FRAME = 2000;

export interface ReplaySource extends Source {
  play(): void;
  pause(): void;
  setSpeed(speed: ReplaySpeed): void;
  /** Moves the playhead: forwards queues what became due, backwards rebuilds from the start. */
  seek(t: number): void;
  /** Shows the whole snapshot again and ends the replay (the source stays shown, idle). */
  finish(): void;
}

/** Replays what the store shows now; null when there is nothing to replay. */
export function startReplaySource(feed: SourceFeed): ReplaySource | null {
  const store = feed.store.getState;
  const s = store();
  const records: CaptureRecord[] = s.data.timeline.records?.slice() ?? [];
  const bounds = replayBounds(records);
  if (!bounds || !feed.takeOver()) return null;
  if (s.source.kind === 'live') {
    const file = s.relayHello?.captureFile;
    const name = file ? fileName(file) : 'live capture';
    s.setSource({ kind: 'file', name, origin: 'live' });
  }
  s.setLoadingFile(null);
  /** How many of `records` have been queued for the store. */
  let cursor = records.length;
  let playhead = bounds.endT;
  let frame = 0;
  let lastWall = 0;
  let lastClock = 0;
  let active = true;

  function queueTo(due: number) {
    if (due <= cursor) return;
    feed.pushRecords(records.slice(cursor, due));
    cursor = due;
  }

  function rebuild(due: number) {
    feed.restart();
    store().resetData();
    cursor = 0;
    queueTo(due);
    if (due === 0) store().publishData();
  }

  function seek(t: number) {
    const r = store().replay;
    if (!active || !r) return;
    const prev = playhead;
    playhead = Math.min(r.endT, Math.max(r.startT, t));
    if (playhead >= prev) queueTo(dueCount(records, playhead, cursor));
    else {
      const due = dueCount(records, playhead);
      if (due !== cursor) rebuild(due);
    }
    store().setReplay({ t: playhead });
    lastClock = performance.now();
  }

  function tick(now: number) {
    const r = store().replay;
    if (!active || !r?.playing) return;
    const elapsed = now - lastWall;
    lastWall = now;
    if (r.speed === 'max') {
      const due = Math.min(records.length, cursor + MAX_PER_FRAME);
      queueTo(due);
      playhead = due >= records.length ? r.endT : Math.max(playhead, records[due - 1].t);
    } else {
      playhead = advancePlayhead(playhead, elapsed, r.speed, r.endT);
      queueTo(dueCount(records, playhead, cursor));
    }
    const finished = playhead >= r.endT && cursor >= records.length;
    if (finished || now - lastClock >= CLOCK_EVERY_MS) {
      lastClock = now;
      store().setReplay({ t: playhead, playing: !finished });
    }
    frame = finished ? 0 : requestAnimationFrame(tick);
  }

  function pause() {
    cancelAnimationFrame(frame);
    frame = 0;
    if (active && store().replay?.playing) store().setReplay({ playing: false, t: playhead });
  }

  /** Lets go of the snapshot; the records shown stay until the next source replaces them. */
  function end() {
    cancelAnimationFrame(frame);
    frame = 0;
    active = false;
    records.length = 0;
    cursor = 0;
    if (store().replay) store().setReplay(null);
  }

  // 'live' mode: the clocks tick, and useNow gives them the playhead.
  s.setHello(viewHello(s.relayHello, store().source, 'live'));
  s.setReplay({ playing: false, speed: 1, startT: bounds.startT, endT: bounds.endT, t: bounds.endT });
  seek(bounds.startT);

  return {
    stop: end,
    seek,
    pause,
    play() {
      const r = store().replay;
      if (!active || !r) return;
      if (playhead >= r.endT) seek(r.startT);
      store().setReplay({ playing: true });
      lastWall = performance.now();
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(tick);
    },
    setSpeed(speed) {
      if (active) store().setReplay({ speed });
    },
    finish() {
      const r = store().replay;
      if (!active || !r) return;
      pause();
      seek(r.endT);
      end();
      if (store().source.kind === 'file') store().setHello(viewHello(store().relayHello, store().source, 'file'));
    },
  };
}
