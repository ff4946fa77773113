import type { FeedHello } from '../core/feed.ts';
import type { Slice } from './types.ts';

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
  hello: FeedHello | null;
  /** The backlog has been received; what follows is live. */
  synced: boolean;
  alerts: FeedAlert[];
  setFeedStatus(status: FeedStatus): void;
  setHello(hello: FeedHello): void;
  setSynced(synced: boolean): void;
  addAlert(level: FeedAlert['level'], message: string, about?: AlertAbout): void;
  dismissAlert(id: number): void;
  /** Drops the alerts about the source shown until now (another one is being shown). */
  clearSourceAlerts(): void;
}

let nextAlert = 1;

export const createFeedSlice: Slice<FeedSlice> = (set) => ({
  feedStatus: 'connecting',
  hello: null,
  synced: false,
  alerts: [],
  setFeedStatus: (feedStatus) => set({ feedStatus }),
  setHello: (hello) => set({ hello }),
  setSynced: (synced) => set({ synced }),
  addAlert: (level, message, about = 'source') =>
    set((s) => (s.alerts.some((a) => a.message === message) ? s : { alerts: [...s.alerts, { id: nextAlert++, level, message, about }] })),
  dismissAlert: (id) => set((s) => ({ alerts: s.alerts.filter((a) => a.id !== id) })),
  clearSourceAlerts: () => set((s) => (s.alerts.some((a) => a.about === 'source') ? { alerts: s.alerts.filter((a) => a.about !== 'source') } : s)),
});
