/**
 * Durations on the command line: `90s`, `60m`, `1h`, `1h30m`, `250ms`, or a bare number of seconds.
 * Returns milliseconds, or throws an Error whose message fits on one line of CLI output.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const total = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : unitSum(trimmed);
  if (total === null) throw new Error(`invalid duration ${JSON.stringify(text)}: use e.g. 90s, 60m, 1h30m or 250ms`);
  // Also for a bare number: `--max-age 0` is no limit the countdown can show.
  if (total <= 0) throw new Error(`invalid duration ${JSON.stringify(text)}: must be greater than zero`);
  return Math.round(total);
}

/** `1h30m` → ms; null unless the whole text is number-unit parts. */
function unitSum(text: string): number | null {
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = part.exec(text); m; m = part.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    consumed = part.lastIndex;
  }
  return text === '' || consumed !== text.length ? null : total;
}

/** `3599000` → `59:59`, `3600000` → `1:00:00`; negative values clamp to 0. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
