import { createCaptureReader } from '../../src/core/captureReader.ts';
import { createOtlpExporter, otlpTraces, type OtlpSpan } from '../../src/core/export/otlp.ts';
import { TOOL } from '../paths.ts';
import { decodeUtf8 } from '../captures/utf8.ts';
import type { CaptureSource } from '../tee/captureLog.ts';
import { followCapture } from '../tee/follow.ts';
import { MAX_SPANS_PER_REQUEST, postTraces } from './sender.ts';

/** Spans waiting for the collector; beyond this the oldest are dropped (and counted), never the relay's memory. */
export const MAX_QUEUED_SPANS = 20_000;
/** How often finished turns are sent. */
export const LIVE_INTERVAL_MS = 1000;

export interface LiveOtlp {
  readonly sent: number;
  readonly dropped: number;
  /** Sends what is left (call after the relay closed, so its capture.end has ended every turn). */
  close(): Promise<void>;
}

/**
 * `start --otlp URL`: follows the relay's capture stream and sends each turn as a GenAI span once
 * it ended (and each connection once it closed), in batches, off the forwarding path: a slow or
 * absent collector costs a warning, never a frame.
 */
export function startLiveOtlp(source: CaptureSource, opts: { endpoint: string; includeContent?: boolean; warn(message: string): void }): LiveOtlp {
  const exporter = createOtlpExporter({ includeContent: opts.includeContent, tool: TOOL });
  let queue: OtlpSpan[] = [];
  let sent = 0;
  let dropped = 0;
  let sending: Promise<void> = Promise.resolve();
  let lastError = '';
  // The same reader as every file path: header, version and shape checked. A line it skips is
  // still in the capture; it just is not traced.
  const reader = createCaptureReader({ record: (rec) => exporter.add(rec) }, undefined, decodeUtf8);
  let failed = false;
  const following = followCapture(
    source,
    (chunk) => {
      if (failed) return;
      try {
        reader.push(chunk);
      } catch (err) {
        // A stream the reader refuses (it cannot be, the relay writes it) stops the tracing, loudly, never the relay.
        failed = true;
        opts.warn(`OTLP export stopped: ${(err as Error).message}`);
      }
    },
    (from, to) => opts.warn(`OTLP export: capture bytes ${from}-${to} could not be read back; turns in them are not traced`),
  );
  const enqueue = (spans: OtlpSpan[]) => {
    queue.push(...spans);
    if (queue.length > MAX_QUEUED_SPANS) {
      dropped += queue.length - MAX_QUEUED_SPANS;
      queue = queue.slice(queue.length - MAX_QUEUED_SPANS);
    }
  };
  const flush = (): Promise<void> => {
    sending = sending.then(async () => {
      while (queue.length > 0) {
        const batch = queue.splice(0, MAX_SPANS_PER_REQUEST);
        try {
          await postTraces(opts.endpoint, otlpTraces(batch, { tool: TOOL }));
          sent += batch.length;
          lastError = '';
        } catch (err) {
          dropped += batch.length;
          const message = (err as Error).message;
          // One warning per distinct failure, not one per batch.
          if (message !== lastError) opts.warn(`OTLP export: ${message}; ${batch.length} spans not sent`);
          lastError = message;
        }
      }
    });
    return sending;
  };
  const timer = setInterval(() => {
    enqueue(exporter.takeFinished());
    if (queue.length > 0) void flush();
  }, LIVE_INTERVAL_MS);
  timer.unref();
  return {
    get sent() {
      return sent;
    },
    get dropped() {
      return dropped;
    },
    async close() {
      clearInterval(timer);
      await following.stop();
      enqueue(exporter.finish());
      await flush();
    },
  };
}
