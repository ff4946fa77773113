import { WebSocket } from 'ws';

/**
 * A bare `ws` client for the mock's tests: sends frames and collects what comes back, so tests can
 * check the exact wire text (key order included), which an SDK client would hide.
 */
export type Frame = Record<string, unknown> & { type: string };
const TERMINAL = new Set(['response.completed', 'response.failed', 'response.incomplete', 'error']);

export class TestClient {
  readonly received: { text: string; frame?: Frame; at: number }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data);
      let frame: Frame | undefined;
      try {
        frame = JSON.parse(text) as Frame;
      } catch {
        frame = undefined;
      }
      this.received.push({ text, frame, at: performance.now() });
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        resolve({ code, reason: String(reason) });
        for (const wake of this.waiters.splice(0)) wake();
      }),
    );
  }

  static async connect(url: string, headers: Record<string, string> = { Authorization: 'Bearer sk-test' }): Promise<TestClient> {
    const ws = new WebSocket(url, { headers });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new TestClient(ws);
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Waits until `count` frames match `pred` (counting from `from`), or the socket closes. */
  async until(pred: (f: Frame) => boolean, count = 1, from = 0, timeoutMs = 10_000): Promise<Frame[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hits = this.received.slice(from).flatMap((r) => (r.frame && pred(r.frame) ? [r.frame] : []));
      if (hits.length >= count) return hits;
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`socket closed after ${hits.length} of ${count} frames`);
      if (Date.now() > deadline) throw new Error(`timed out after ${hits.length} of ${count} frames`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a response.create and returns the frames of that turn (to its terminal event). */
  async turn(frame: unknown, lane?: string): Promise<Frame[]> {
    const from = this.received.length;
    this.send(frame);
    const sameLane = (f: Frame) => f.stream_id === lane;
    await this.until((f) => TERMINAL.has(f.type) && sameLane(f), 1, from);
    const frames = this.received.slice(from).flatMap((r) => (r.frame && sameLane(r.frame) ? [r.frame] : []));
    return frames.slice(0, frames.findIndex((f) => TERMINAL.has(f.type)) + 1);
  }

  close(): void {
    this.ws.close();
  }
}
