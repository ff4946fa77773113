import { startMockServer, type RunningMock } from '../mock/mockServer.ts';
import type { MockTiming } from '../mock/options.ts';
import { startRelay, type RelayOptions, type RunningRelay } from '../relay.ts';
import { runDemoAgent, type DemoSummary } from './runDemoAgent.ts';

/**
 * `responses-inspector demo` without the command line: the mock upstream, the real relay in
 * front of it, and the demo agent talking to the relay through the openai SDK.
 */
export interface DemoOptions {
  port: number;
  host?: string;
  capturesDir: string;
  /** Both the mock's connection limit and the relay's countdown, so the limit is reached live. */
  maxAgeMs: number;
  captureFile?: string | null;
  quiet?: boolean;
  /** The mock's pace (defaults: DEMO_TIMING) and the agent's (1 = realistic). */
  timing?: Partial<MockTiming>;
  pace?: number;
  log?: (line: string) => void;
  /** `demo --faults PLAN`, `--enforce-max-age`: the relay injects them and the agent recovers. */
  faults?: RelayOptions['faults'];
  enforceMaxAge?: boolean;
}

export interface RunningDemo {
  relay: RunningRelay;
  mock: RunningMock;
  /** Stops the agent, then the relay (capture flushed), then the mock. */
  stop(): Promise<DemoSummary>;
  /** Settles when the agent ends by itself (it does not, unless it fails). */
  agent: Promise<DemoSummary>;
}

/** Quick enough that the tool-heavy phase and the fan-out fit in the 20 s demo limit. */
export const DEMO_TIMING: MockTiming = { ttftMs: 180, deltaGapMs: 20, jitterMs: 15 };
export const DEMO_MAX_AGE_MS = 20_000;

export async function startDemo(opts: DemoOptions): Promise<RunningDemo> {
  const mock = await startMockServer({ maxAgeMs: opts.maxAgeMs, timing: { ...DEMO_TIMING, ...opts.timing } });
  let relay: RunningRelay;
  try {
    relay = await startRelay({
      port: opts.port,
      host: opts.host,
      upstream: mock.url,
      capturesDir: opts.capturesDir,
      maxAgeMs: opts.maxAgeMs,
      captureFile: opts.captureFile,
      quiet: opts.quiet,
      faults: opts.faults,
      enforceMaxAge: opts.enforceMaxAge,
    });
  } catch (err) {
    await mock.close();
    throw err;
  }
  const stopper = new AbortController();
  const agent = runDemoAgent({ baseURL: relay.baseUrl, signal: stopper.signal, log: opts.log, pace: opts.pace, maxAgeMs: opts.maxAgeMs });
  let stopped: Promise<DemoSummary> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopper.abort();
      const summary = await agent.catch(() => ({ turns: 0, toolCalls: 0, connections: 0 }));
      await relay.close();
      await mock.close();
      return summary;
    })());
  return { relay, mock, stop, agent };
}
