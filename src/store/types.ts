import type { StateCreator } from 'zustand';
import type { DataSlice } from './dataSlice.ts';
import type { FeedSlice } from './feedSlice.ts';
import type { UiSlice } from './uiSlice.ts';
import type { ViewSlice } from './viewSlice.ts';

export type DashboardState = FeedSlice & DataSlice & ViewSlice & UiSlice;

/** A slice sees the whole store and returns its own part (zustand slices pattern). */
export type Slice<T> = StateCreator<DashboardState, [], [], T>;
