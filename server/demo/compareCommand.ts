import { setTimeout as sleep } from 'node:timers/promises';
import { formatComparisonTable } from '../../src/core/compareTable.ts';
import { UsageError, type RelayFlags } from '../cliFlags.ts';
import { serveComparison } from '../compare/serveComparison.ts';
import { openBrowser } from '../openBrowser.ts';
import { untilSignal } from '../signals.ts';
import { DEFAULT_SETUP_MS, runComparison } from './compareRun.ts';

/**
 * `responses-inspector demo --compare [--setup-ms N] [--keep-alive] [--tool-calls N]`: the demo
 * agent's task over HTTP (through the relay's passthrough) and over WebSocket, against the mock with
 * the same connection setup cost; prints the comparison, then serves the comparison view until
 * Ctrl-C (or --duration).
 */
export async function runDemoCompare(flags: RelayFlags, durationMs: number | undefined): Promise<number> {
  const setupMs = numberFlag(flags.extra['setup-ms'], '--setup-ms', DEFAULT_SETUP_MS);
  const toolCalls = numberFlag(flags.extra['tool-calls'], '--tool-calls', 10);
  const result = await runComparison({
    capturesDir: flags.capturesDir,
    setupMs,
    toolCalls,
    keepAlive: flags.extra['keep-alive'] === true,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const labels = { a: 'HTTP (SSE, relay passthrough)', b: 'WebSocket (ResponsesWS)' };
  process.stdout.write(`${formatComparisonTable(result.comparison, { a: `${labels.a} ${result.httpCapture}`, b: `${labels.b} ${result.wsCapture}` }).join('\n')}\n`);
  const served = await serveComparison(
    { labels, files: { a: result.httpCapture, b: result.wsCapture }, comparison: result.comparison },
    { port: flags.port, host: flags.host, capturesDir: flags.capturesDir },
  );
  process.stdout.write(`compare: ${served.url}\ndashboard: ${served.dashboardUrl}\n`);
  if (flags.open) openBrowser(served.browserUrl());
  const stops: Promise<unknown>[] = [untilSignal()];
  if (durationMs !== undefined) stops.push(sleep(durationMs));
  await Promise.race(stops);
  served.close();
  return 0;
}

function numberFlag(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} must be a number ≥ 0, not ${JSON.stringify(value)}`);
  return n;
}
