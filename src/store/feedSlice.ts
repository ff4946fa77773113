/** The feed's connection, the relay's hello and the alerts shown above the timeline. */

import type { FeedSlice, Slice } from './types.ts';

export const createFeedSlice: Slice<FeedSlice> = (set) => {
  let nextAlert = 1;
  return {
    feedStatus: 'connecting',
    hello: null,
    relayHello: null,
    synced: false,
    alerts: [],
    setFeedStatus: (feedStatus) => set({ feedStatus }),
    setHello: (hello) => set({ hello }),
    setRelayHello: (relayHello) => set({ relayHello }),
    setSynced: (synced) => set({ synced }),
    addAlert: (level, message, about = 'source') =>
      set((s) => (s.alerts.some((a) => a.message === message) ? s : { alerts: [...s.alerts, { id: nextAlert++, level, message, about }] })),
    dismissAlert: (id) => set((s) => ({ alerts: s.alerts.filter((a) => a.id !== id) })),
    clearSourceAlerts: () => set((s) => (s.alerts.some((a) => a.about === 'source') ? { alerts: s.alerts.filter((a) => a.about !== 'source') } : s)),
  };
};
