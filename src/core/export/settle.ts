import type { Turn } from '../model.ts';

/**
 * Called when a frame ended its turn. The model builds `outputText` with `+=`, which V8 keeps as a
 * rope of every delta (about 2× the text in memory, per turn, for the rest of the export); reading
 * one character flattens the rope in place and frees its pieces. Read-only: nothing changes but
 * the memory layout. This keeps a 1,000,000-record export well under its memory budget.
 */
export function settleEndedTurn(turn: Turn | undefined, seq: number): void {
  if (turn !== undefined && turn.endSeq === seq && turn.outputText.length > 0) turn.outputText.charCodeAt(0);
}
