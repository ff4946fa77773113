/**
 * The one owner of "what is shown": it holds the current source, at most one source still opening
 * (a file shows nothing until its first record), and the one ingest queue they all feed. Opening a
 * source aborts one still opening; a source taking over stops the current one and clears the queue.
 * Every write of a source is checked against the switch, so nothing from a stopped source reaches
 * the store, whatever its socket, read or timer still delivers.
 */

import { fileName } from '../core/fileName.ts';
import type { DashboardStore } from '../store/types.ts';
import { describeLoadWarnings } from '../core/loadWarnings.ts';
import { createIngestQueue } from './ingestQueue.ts';
import type { Source, SourceFeed } from './source.ts';

interface Entry {
  source: Source | null;
  abort: AbortController;
}

export interface SourceSwitch {
  /**
   * Starts a source. `make` gets the source's feed and returns the source; the source calls
   * `feed.takeOver()` when it has something to show (at once, or at its first record).
   */
  open<S extends Source | null>(make: (feed: SourceFeed) => S): S;
  /** The source shown now, if any. */
  readonly current: Source | null;
}

export function createSourceSwitch(store: DashboardStore): SourceSwitch {
  let shown: Entry | null = null;
  let opening: Entry | null = null;

  const queue = createIngestQueue(
    {
      add: (records) => store.getState().addRecords(records),
      publish: () => store.getState().publishData(),
      progress: (chars, pending) => shown?.source?.published?.(chars, pending),
      consumed: (chars) => shown?.source?.consumed?.(chars),
    },
    (problem) =>
      problem.kind === 'refused'
        ? store.getState().addAlert('error', `The feed's capture cannot be read: ${problem.message}`)
        : // Worded as a file opened in the dashboard words it (src/core/loadWarnings.ts).
          store
            .getState()
            .addAlert('warning', describeLoadWarnings(feedCaptureName(store.getState().hello?.captureFile), [{ line: problem.line ?? 0, message: problem.message }])!),
  );

  function stop(entry: Entry) {
    entry.abort.abort();
    entry.source?.stop();
  }

  function feedOf(entry: Entry): SourceFeed {
    const live = () => shown === entry;
    return {
      store,
      signal: entry.abort.signal,
      get current() {
        return live();
      },
      takeOver() {
        if (live()) return true;
        if (entry.abort.signal.aborted) return false;
        if (opening === entry) opening = null;
        const previous = shown;
        shown = entry;
        queue.clear();
        if (previous) stop(previous);
        return true;
      },
      push(lines, lastCut) {
        if (live()) queue.push(lines, lastCut);
      },
      pushRecords(records) {
        if (live()) queue.pushRecords(records);
      },
      setBacklog(on) {
        if (live()) queue.setBacklog(on);
      },
      restart() {
        if (live()) queue.clear();
      },
      get pending() {
        return live() ? queue.pending : 0;
      },
    };
  }

  return {
    open(make) {
      if (opening) stop(opening);
      const entry: Entry = { source: null, abort: new AbortController() };
      opening = entry;
      const source = make(feedOf(entry));
      entry.source = source;
      // Replaced while it was being made (its make opened another source): it must not run on.
      if (entry.abort.signal.aborted) source?.stop();
      return source;
    },
    get current() {
      return shown?.source ?? null;
    },
  };
}

/** The feed's capture file by its name, as a file opened in the dashboard is named in its warnings. */
function feedCaptureName(file: string | undefined): string {
  return file ? fileName(file) : 'the capture';
}
