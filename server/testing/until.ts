/**
 * Polls `cond` until it holds. The deadline is generous on purpose: tests wait for events, not for a
 * time budget, and CI machines are shared and slow at times (a tight deadline only makes flaky tests).
 */
export async function until(cond: () => boolean, ms = 20_000, interval = 5): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${cond.toString().slice(0, 120)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
