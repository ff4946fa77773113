import OpenAI from 'openai';
import { DemoAgent, Stopped, type Log } from './agent.ts';
import { Conversation } from './conversation.ts';

export interface DemoAgentOptions {
  /** The relay's (or the mock's) base URL, e.g. http://127.0.0.1:8787/v1. */
  baseURL: string;
  /** Ends the demo: the agent stops at once and closes its connection. */
  signal: AbortSignal;
  log?: Log;
  /** Scales the agent's own delays (tool execution, idle time): 1 = realistic, 0.1 = tests. */
  pace?: number;
  /** The connection age limit: in phase 4 the agent recycles its connection at 60% of it. */
  maxAgeMs?: number;
}

export interface DemoSummary {
  turns: number;
  toolCalls: number;
  connections: number;
}

const TASKS = [
  'Add a CHANGELOG entry for the exponent fix.',
  'Is the CLI still using the old tokenize() signature?',
  'Check whether src/parser/ast.ts has lint warnings.',
  'Run the tokenizer tests once more.',
];

/**
 * The demo agent, on the real openai SDK ResponsesWS client. Phases:
 * 1. a warm-up (generate:false), then a tool-heavy task: 25 tool calls chained with
 *    previous_response_id and store:false;
 * 2. a fan-out: 3 lanes (stream_id) on the same connection, each forked from the main chain;
 * 3. more work on the main chain until the connection reaches the server's age limit: the agent
 *    gets websocket_connection_limit_reached, reconnects, hits previous_response_not_found on the
 *    new connection, and resends the full context;
 * 4. a slower pace (one small task every few seconds, one slow response, one steer) until `signal`,
 *    recycling the connection before it reaches the limit (a new socket first, then the old closed).
 * Resolves when stopped; never throws for a stop.
 */
export async function runDemoAgent(opts: DemoAgentOptions): Promise<DemoSummary> {
  const log = opts.log ?? (() => undefined);
  const client = new OpenAI({ apiKey: 'sk-demo-not-a-real-key', baseURL: opts.baseURL });
  const agent = new DemoAgent(client, log, opts.signal, opts.pace ?? 1);
  const main = new Conversation();
  try {
    log('demo: phase 1/4: warm-up, then a tool-heavy task (25 tool calls chained with previous_response_id, store:false)');
    await agent.turn(main, { generate: false, tools: [] });
    await agent.task(main, 'The tokenizer tests fail since the parseNumber refactor. Find the cause and fix it.', 25);

    log('demo: phase 2/4: fan-out on 3 lanes (stream_id) over one connection');
    const lanes = ['review-docs', 'review-tests', 'review-deps'].map((id) => main.fork(id));
    await Promise.all(lanes.map((lane, i) => agent.task(lane, `Review the fix from the angle of ${lane.streamId?.slice(7)}.`, 2 + i)));

    log('demo: phase 3/4: working until the connection reaches its age limit');
    const connection = agent.conn;
    for (let i = 0; agent.conn === connection; i++) {
      await agent.task(main, TASKS[i % TASKS.length], 1);
      await agent.pause(400);
    }

    log('demo: phase 4/4: slower pace until stopped');
    for (let i = 0; ; i++) {
      await agent.pause(2500 + Math.random() * 1500);
      if (opts.maxAgeMs !== undefined && Date.now() - agent.connOpenedAt > 0.6 * opts.maxAgeMs) await agent.recycle(main);
      if (i === 1) agent.conn.steerNext('Also mention the README.');
      await agent.task(main, TASKS[i % TASKS.length], 1 + (i % 2), i === 2 ? { metadata: { mock_fault: 'slow:6' } } : {});
    }
  } catch (err) {
    if (!(err instanceof Stopped) && !opts.signal.aborted) throw err;
  } finally {
    await agent.close();
  }
  return { turns: agent.turns, toolCalls: agent.toolCalls, connections: agent.connections };
}
