/**
 * The shape of the dashboard's one store, in slices (feed, data, view, ui, captures, sources). The
 * slices' implementations import their part from here, and this module imports none of them, so the
 * store's types form no import cycle.
 */

import type { StateCreator, StoreApi } from 'zustand';
import type { CaptureRecord, FaultRecord } from '../core/capture.ts';
import type { FeedHello } from '../core/feed.ts';
import type { TimelineFilter } from '../core/filters.ts';
import type { TimeMode } from '../core/format.ts';
import type { IndexSearchResult } from '../core/indexWire.ts';
import type { JumpKind } from '../core/jumps.ts';
import type { ReplaySpeed } from '../core/replayCursor.ts';
import type { Timeline } from '../core/timeline.ts';
import type { TimelineView } from '../core/timelineView.ts';
import type { CaptureModel } from '../core/turns.ts';

export type FeedStatus = 'connecting' | 'open' | 'closed';
/**
 * What an alert is about: 'relay' is the relay itself (its capture file is not being written) and
 * stays whatever is shown; 'source' is the capture on screen (bad lines, a refused file, a gap in the
 * feed) and goes when another source takes its place, so banners do not pile up file after file.
 */
export type AlertAbout = 'relay' | 'source';
/** Something the user must see: the capture is not being written, or part of it is missing. */
export interface FeedAlert {
  id: number;
  level: 'error' | 'warning';
  message: string;
  about: AlertAbout;
}
export interface FeedSlice {
  feedStatus: FeedStatus;
  /** The hello of the view on screen: the relay's, or one standing in for a file or a replay. */
  hello: FeedHello | null;
  /** The relay's own hello (live or `open FILE`), kept while another capture is shown. */
  relayHello: FeedHello | null;
  /** The backlog has been received; what follows is live. */
  synced: boolean;
  alerts: FeedAlert[];
  setFeedStatus(status: FeedStatus): void;
  setHello(hello: FeedHello): void;
  setRelayHello(hello: FeedHello): void;
  setSynced(synced: boolean): void;
  addAlert(level: FeedAlert['level'], message: string, about?: AlertAbout): void;
  dismissAlert(id: number): void;
  /** Drops the alerts about the source shown until now (another one is being shown). */
  clearSourceAlerts(): void;
}

/**
 * A capture the CLI indexed (src/lib/indexSource.ts): its records stay with the CLI, so searching
 * and exporting them are asked of it.
 */
export interface IndexAccess {
  /** The listed capture (`file=NAME`), or null for the capture this process shows. */
  file: string | null;
  /** The turns of an index already built (its `start` says), known before they arrive. */
  turnsTotal?: number;
  search(q: string, regex: boolean, signal: AbortSignal): Promise<IndexSearchResult>;
}
export interface DataSet {
  timeline: Timeline;
  model: CaptureModel;
  /** Faults the relay injected, in order (their verdicts are computed from them and the model). */
  faults: FaultRecord[];
  /** Set when the records are the CLI's (`timeline.records` is null). */
  index?: IndexAccess;
}
export interface DataSlice {
  data: DataSet;
  dataVersion: number;
  /** Adds a batch of records in file order (one state update for the whole batch). */
  ingest(records: readonly CaptureRecord[]): void;
  /**
   * Adds records to the model and timeline without telling the UI; `publishData()` then shows all
   * of them at once. A large backlog is added in slices (the page keeps painting between them) but
   * rendered only a few times a second: every render reads the whole model.
   */
  addRecords(records: readonly CaptureRecord[]): void;
  publishData(): void;
  /** Shows another data set whole (an indexed capture's, which the CLI built). */
  showData(data: DataSet): void;
  /** Bumped when records the timeline did not hold have been fetched: what waited on them re-renders. */
  recordsVersion: number;
  recordsArrived(): void;
  /** Why the records the page fetches cannot be read (the capture file went away); null while they can. */
  recordError: string | null;
  recordsFailed(message: string): void;
  /** Forgets everything: the feed reconnected and will resend the capture from its start. */
  resetData(): void;
}

export interface ViewSlice {
  filter: TimelineFilter;
  /** The regex does not compile, or the CLI could not search an indexed capture. */
  searchError: string | undefined;
  /** An indexed capture's search has been asked of the CLI and has not answered yet. */
  searching: boolean;
  view: TimelineView;
  /** Changes whenever `view` gains lines or is rebuilt. */
  viewVersion: number;
  /** Folded rows (by row index) whose deltas are listed. */
  expanded: ReadonlySet<number>;
  setFilter(patch: Partial<TimelineFilter>): void;
  clearFilters(): void;
  toggleExpanded(row: number): void;
  syncView(): void;
  rebuildView(): void;
}

export interface Selection {
  row: number;
  /** -1: the row itself; k: the k-th folded delta of an expanded row. */
  member: number;
}
export interface UiSlice {
  selection: Selection | null;
  detailOpen: boolean;
  /** Pause stops following the tail (rows keep arriving). */
  paused: boolean;
  /** Scrolled to the bottom: new rows scroll into view. */
  atBottom: boolean;
  /** A turn chosen elsewhere (waterfall): the timeline scrolls to its first row. */
  scrollRequest: { position: number; nonce: number } | null;
  select(sel: Selection | null): void;
  /** Moves the selection by `delta` visible lines (keyboard up/down). */
  moveSelection(delta: number): void;
  /** Selects the line at `position` in the filtered view (the first search match: 0) and scrolls to it. */
  selectPosition(position: number): void;
  /** Scrolls to the selected line where the view shows it: the view changed under it (a filter, a fold). */
  revealSelection(): void;
  /** The keyboard shortcuts popover (header "?", or the ? key). */
  shortcutsOpen: boolean;
  setShortcutsOpen(open: boolean): void;
  setDetailOpen(open: boolean): void;
  setPaused(paused: boolean): void;
  setAtBottom(atBottom: boolean): void;
  /** Selects the row of frame `seq` on `conn` (e.g. a turn's response.create) and scrolls to it. */
  revealFrame(conn: string, seq: number): void;
  /** Selects a connection's conn.open row. */
  revealConnection(conn: string): void;
  revealRow(row: number): void;
  /** The time column: since the capture's start, or the wall clock (remembered across reloads). */
  timeMode: TimeMode;
  setTimeMode(mode: TimeMode): void;
  /** Selects the next (dir 1) or previous row of `kind` after the selection, wrapping; false when there is none. */
  jumpTo(kind: JumpKind, dir: 1 | -1): boolean;
}

export interface LoadProgress {
  /** Bytes to read: the feed's backlog (`hello.backlogBytes`) or the opened file's size; 0 until known. */
  totalBytes: number;
  /** Bytes read and shown so far. */
  loadedBytes: number;
  /** Everything up to the live tail (or the file's end) has been read and shown. */
  done: boolean;
}

/** What the dashboard shows: the relay's feed ("live", also `open FILE`) or another capture. */
export type SourceView =
  | { kind: 'live' }
  /** `origin: 'live'`: the relay's capture, frozen when replay started. */
  | { kind: 'file'; name: string; origin: 'list' | 'drop' | 'live' };
/** The time the countdown and age clocks read: the wall clock, or the replay's playhead. */
export type Clock = { mode: 'live' } | { mode: 'replay'; t: number };
export interface ReplayState {
  playing: boolean;
  speed: ReplaySpeed;
  startT: number;
  endT: number;
  /** The playhead (epoch ms). */
  t: number;
}
export interface CapturesSlice {
  source: SourceView;
  clock: Clock;
  replay: ReplayState | null;
  /** A file being read into the dashboard, by name. */
  loadingFile: string | null;
  setSource(source: SourceView): void;
  setLoadingFile(name: string | null): void;
  /** null ends replay (and the clock goes back to the wall clock). */
  setReplay(patch: Partial<ReplayState> | null): void;
  /** How far the capture on screen has been read, for the progress bar and `data-load-state`. */
  loadProgress: LoadProgress;
  setLoadProgress(patch: Partial<LoadProgress>): void;
}

/** Switching what is shown, and the replay's controls (lib/sourceSwitch.ts does the work). */
export interface SourcesSlice {
  /** Shows the relay's feed (again). */
  goLive(): void;
  /** The page's first source: the capture `open FILE` shows, through its index when the CLI has one; else the feed. */
  start(): Promise<void>;
  /** Opens a capture listed by GET /api/captures; the view changes once its first record is read. */
  /** `listing`: its kind and size decide whether the CLI indexes it (hello.indexMinBytes). */
  openListedCapture(name: string, listing?: { kind: 'capture' | 'har'; size: number }): Promise<LoadResult>;
  /** Opens a file the user dropped or picked. */
  openLocalFile(file: File): Promise<LoadResult>;
  startReplay(): void;
  /** Ends replay: back to live for a replay of the live view, the whole file for a file. */
  stopReplay(): void;
  play(): void;
  pause(): void;
  seek(t: number): void;
  setSpeed(speed: ReplaySpeed): void;
}

export interface LoadResult {
  ok: boolean;
  records: number;
  warnings: number;
}

export type DashboardState = FeedSlice & DataSlice & ViewSlice & UiSlice & CapturesSlice & SourcesSlice;

/** The store as non-React code holds it. */
export type DashboardStore = StoreApi<DashboardState>;

/** A slice sees the whole store and returns its own part (zustand slices pattern). */
export type Slice<T> = StateCreator<DashboardState, [], [], T>;
