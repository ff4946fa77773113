/**
 * What the dashboard's controls call to switch sources and drive a replay. Each forwards to the
 * store's sources slice, where the switch and its state live; this module holds none.
 */

import type { FeedHello } from '../core/feed.ts';
import type { ReplaySpeed } from '../core/replayCursor.ts';
import { useDashboard } from '../store/index.ts';
import type { LoadResult } from '../store/types.ts';

const state = useDashboard.getState;

export const goLive = (): void => state().goLive();
export const start = (): Promise<void> => state().start();
export const openListedCapture = (name: string, listing?: { kind: 'capture' | 'har'; size: number }): Promise<LoadResult> => state().openListedCapture(name, listing);
export const openLocalFile = (file: File): Promise<LoadResult> => state().openLocalFile(file);
export const startReplay = (): void => state().startReplay();
export const stopReplay = (): void => state().stopReplay();
export const play = (): void => state().play();
export const pause = (): void => state().pause();
export const seek = (t: number): void => state().seek(t);
export const setSpeed = (speed: ReplaySpeed): void => state().setSpeed(speed);
/** The relay's hello (live or `open FILE`), whichever source is shown now. */
export const relayHello = (): FeedHello | null => state().relayHello;
