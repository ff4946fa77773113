/**
 * Runs jobs first-in first-out within a lane and lanes concurrently, with at most `maxInFlight`
 * jobs running on the connection; extra jobs wait their turn (protocol.md §3.3: ≤16 in flight,
 * extras queue). The default lane is the key ''.
 */
type Job = () => Promise<void>;

export class LaneScheduler {
  private readonly lanes = new Map<string, { queue: Job[]; busy: boolean }>();
  private running = 0;
  private stopped = false;

  constructor(private readonly maxInFlight: number) {}

  enqueue(lane: string, job: Job): void {
    if (this.stopped) return;
    const entry = this.lanes.get(lane) ?? { queue: [], busy: false };
    this.lanes.set(lane, entry);
    entry.queue.push(job);
    this.pump();
  }

  /** Drops every queued job (the connection closed); running jobs end on their own. */
  stop(): void {
    this.stopped = true;
    for (const entry of this.lanes.values()) entry.queue.length = 0;
  }

  private pump(): void {
    for (const entry of this.lanes.values()) {
      if (this.running >= this.maxInFlight) return;
      if (entry.busy || entry.queue.length === 0) continue;
      const job = entry.queue.shift()!;
      entry.busy = true;
      this.running++;
      void job()
        .catch(() => undefined)
        .finally(() => {
          entry.busy = false;
          this.running--;
          if (!this.stopped) this.pump();
        });
    }
  }
}
