/**
 * Human durations for the waterfall and summary: `0.4 ms`, `123 ms`, `2.35 s`, `1m 05s`. The
 * timeline's fixed-width `formatMs` is for columns; these are for labels a person reads.
 */

export function formatSpan(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs < 10) return `${ms.toFixed(1)} ms`;
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${(ms / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  const totalS = Math.round(abs / 1000);
  const sign = ms < 0 ? '-' : '';
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = String(totalS % 60).padStart(2, '0');
  return h > 0 ? `${sign}${h}h ${String(m).padStart(2, '0')}m` : `${sign}${m}m ${s}s`;
}

/** Axis ticks: time since the capture started, `+0.250 s`, `+12.5 s`, `+3m 10s`. */
export function formatOffset(t: number, origin: number, windowMs: number): string {
  const d = t - origin;
  if (windowMs < 2000) return `+${(d / 1000).toFixed(3)} s`;
  if (windowMs < 120_000 || Math.abs(d) < 60_000) return `+${(d / 1000).toFixed(1)} s`;
  return `+${formatSpan(d)}`;
}

/** Steps a person counts in: 1, 2, 2.5 and 5 times a power of ten ms, then minutes and hours. */
const ROUND_STEPS_MS = [60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000];

/**
 * Axis ticks at round offsets from `origin` (the capture start): `+0 s, +25 s, +50 s`, never
 * `+0.1 s, +25.1 s` as an axis counting from the window's own edge gives. About `count` of them
 * across [start, end].
 */
export function roundTicks(origin: number, start: number, end: number, count = 6): number[] {
  const span = end - start;
  if (!(span > 0) || !Number.isFinite(span)) return [];
  const raw = span / Math.max(1, count);
  let step: number;
  if (raw >= 45_000) step = ROUND_STEPS_MS.find((s) => s >= raw) ?? Math.ceil(raw / 3_600_000) * 3_600_000;
  else {
    const pow = 10 ** Math.floor(Math.log10(raw));
    step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  }
  const ticks: number[] = [];
  for (let k = Math.ceil((start - origin) / step); origin + k * step <= end + 1e-9 && ticks.length < 100; k++) ticks.push(origin + k * step);
  return ticks;
}

/** `1234567` → `1,234,567` without locale surprises in tests. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
