import type { StateCreator } from 'zustand';
import type { CapturesSlice } from './capturesSlice.ts';
import type { DataSlice } from './dataSlice.ts';
import type { FeedSlice } from './feedSlice.ts';
import type { UiSlice } from './uiSlice.ts';
import type { ViewSlice } from './viewSlice.ts';

export type DashboardState = FeedSlice & DataSlice & ViewSlice & UiSlice & CapturesSlice;

/** A slice sees the whole store and returns its own part (zustand slices pattern). */
export type Slice<T> = StateCreator<DashboardState, [], [], T>;
