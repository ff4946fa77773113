import type { FeedHello } from '../core/feed.ts';
import type { Slice } from './types.ts';

export type FeedStatus = 'connecting' | 'open' | 'closed';

/** Something the user must see: the capture is not being written, or part of it is missing. */
export interface FeedAlert {
  id: number;
  level: 'error' | 'warning';
  message: string;
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
  addAlert(level: FeedAlert['level'], message: string): void;
  dismissAlert(id: number): void;
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
  addAlert: (level, message) =>
    set((s) => (s.alerts.some((a) => a.message === message) ? s : { alerts: [...s.alerts, { id: nextAlert++, level, message }] })),
  dismissAlert: (id) => set((s) => ({ alerts: s.alerts.filter((a) => a.id !== id) })),
});
