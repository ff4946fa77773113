/** How recorded gaps between frames are played back. */
export type TimingMode = 'original' | 'compressed' | 'none';

/** The longest gap `compressed` keeps: streams still arrive as streams, but nothing waits long. */
export const COMPRESSED_MAX_GAP_MS = 10;

/** The delay to play for a recorded gap of `gapMs`. */
export function playedGap(gapMs: number, mode: TimingMode, speed: number): number {
  if (mode === 'none' || !(gapMs > 0)) return 0;
  const gap = mode === 'compressed' ? Math.min(gapMs, COMPRESSED_MAX_GAP_MS) : gapMs;
  return gap / speed;
}
