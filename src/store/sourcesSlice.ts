/**
 * The store's way to switch what is shown. The switch (lib/sourceSwitch.ts) belongs to this store
 * instance, so its current source, its ingest queue and the replay's playhead are state of the
 * store, not of a module.
 */

import { fileName } from '../core/fileName.ts';
import { indexesListed, indexesOpened } from '../core/indexChoice.ts';
import { replayBounds } from '../core/replayCursor.ts';
import { listedCapture, localFile, startFileSource } from '../lib/fileSource.ts';
import { startIndexSource, type IndexInput } from '../lib/indexSource.ts';
import { fetchInfoHello } from '../lib/infoHello.ts';
import { feedUrl, startLiveSource } from '../lib/liveSource.ts';
import { startReplaySource, type ReplaySource } from '../lib/replaySource.ts';
import type { Source } from '../lib/source.ts';
import { createSourceSwitch } from '../lib/sourceSwitch.ts';
import { uiDrawnWithin } from '../lib/uiDrawn.ts';
import type { FeedHello } from '../core/feed.ts';
import type { Slice, SourcesSlice } from './types.ts';

/** Longest an index's rows wait for the UI's first frame (src/lib/uiDrawn.ts). */
const UI_WAIT_MS = 2000;

export const createSourcesSlice: Slice<SourcesSlice> = (_set, get, api) => {
  const sources = createSourceSwitch(api);
  let replaying: ReplaySource | null = null;
  // The replay's controls act only while the replay is the source shown.
  const replay = () => (replaying && sources.current === replaying ? replaying : null);
  let live: Source | null = null;
  // A capture the CLI indexes: the page gets its rows and model, not its bytes (lib/indexSource.ts).
  const openIndexed = (input: IndexInput) => {
    const reopen = () => void openIndexed(input);
    return sources.open((feed) => startIndexSource(feed, input, { reopen, drawn: uiDrawnWithin(UI_WAIT_MS) })).loaded;
  };
  // `open FILE` on a capture the CLI indexes: the feed stops at its hello, the index shows it.
  const openedName = (hello: FeedHello) => fileName(hello.captureFile ?? 'capture');
  const handOver = (hello: FeedHello) => {
    if (!indexesOpened(hello)) return false;
    // After the hello is handled: opening a source from inside another's message handler would stop it mid-message.
    queueMicrotask(() => void openIndexed({ file: null, name: openedName(hello) }));
    return true;
  };
  // Already live: the connection stays (a new one would reload the whole capture).
  const goLive = () => {
    if (!live || sources.current !== live) live = sources.open((feed) => startLiveSource(feed, feedUrl(), { handOver }));
  };
  return {
    goLive,
    async start() {
      // The feed's hello comes through a worker that takes a while to start; /api/info says the same
      // at once. What the CLI indexes is read from its index straight away, as the hello would hand
      // it over (the header says the CLI is there, as after a handover); the rest is the feed's.
      const hello = await fetchInfoHello();
      if (!hello || !indexesOpened(hello)) return goLive();
      const s = get();
      s.setRelayHello(hello);
      s.setHello(hello);
      s.setFeedStatus('open');
      void openIndexed({ file: null, name: openedName(hello) });
    },
    openListedCapture: (name, listing) =>
      indexesListed(get().relayHello, listing) ? openIndexed({ file: name, name }) : sources.open((feed) => startFileSource(feed, listedCapture(name))).loaded,
    openLocalFile: (file) => sources.open((feed) => startFileSource(feed, localFile(file))).loaded,
    startReplay() {
      const s = get();
      if (s.replay || !s.data.timeline.records || !replayBounds(s.data.timeline.records)) return;
      replaying = sources.open((feed) => startReplaySource(feed));
    },
    stopReplay() {
      const s = get();
      if (!s.replay) return;
      // A replay of the live view goes back to live (the feed resends everything, so the
      // connections still open are open again, not "unclosed" in a frozen copy); a replay of a file
      // shows the whole file again, its clocks frozen at its last record.
      if (s.source.kind === 'file' && s.source.origin === 'live') goLive();
      else replay()?.finish();
    },
    play: () => replay()?.play(),
    pause: () => replay()?.pause(),
    seek: (t) => replay()?.seek(t),
    setSpeed: (speed) => replay()?.setSpeed(speed),
  };
};
