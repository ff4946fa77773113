import { setTimeout as sleep } from 'node:timers/promises';
import type OpenAI from 'openai';
import type { Response, ResponseFunctionToolCall } from 'openai/resources/responses/responses';
import { AgentConnection, ApiError, ConnectionClosed, Reconnecting, STALL_TIMEOUT_MS, type CreateBody } from './agentConnection.ts';
import type { Conversation } from './conversation.ts';
import { runTool, TOOLS } from './tools.ts';

export type Log = (line: string) => void;

const INSTRUCTIONS = 'You are a coding agent. Use the tools to investigate the repository before you answer. Be brief.';

/** The close reason of a socket replaced before its age limit (make-before-break). */
export const RECYCLED = 'recycled before the age limit';

/** The demo was stopped (its AbortSignal fired). */
export class Stopped extends Error {}

/** Rejects as soon as `signal` aborts, so a stopped demo never waits for a turn. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Stopped());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new Stopped());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The demo agent's connection management and tool loop. It recovers the way the guide says a
 * store:false client must (protocol.md §7, §10): on websocket_connection_limit_reached (or a lost
 * connection) it opens a new connection and tries to continue; the new connection's cache is
 * empty, so that fails with previous_response_not_found, and it resends the full context.
 */
export class DemoAgent {
  conn: AgentConnection;
  connections = 1;
  toolCalls = 0;
  turns = 0;

  constructor(
    private readonly client: OpenAI,
    private readonly log: Log,
    readonly signal: AbortSignal,
    readonly pace: number,
  ) {
    this.conn = this.connect();
  }

  /** A stalled stream is given up after a while; a faster pace (tests) waits less, but not below 2 s. */
  private connect(): AgentConnection {
    return new AgentConnection(this.client, Math.max(2000, STALL_TIMEOUT_MS * this.pace));
  }

  async pause(ms: number): Promise<void> {
    await sleep(ms * this.pace, undefined, { signal: this.signal }).catch(() => undefined);
    if (this.signal.aborted) throw new Stopped();
  }

  /** One response.create on the conversation's lane, with recovery; records the response. */
  async turn(conv: Conversation, extra: Partial<CreateBody>): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const conn = this.conn;
      try {
        const response = await abortable(conn.create(conv.request({ instructions: INSTRUCTIONS, ...extra })), this.signal);
        conv.record(response);
        this.turns++;
        return response;
      } catch (err) {
        if (err instanceof Stopped || attempt >= 6) throw err;
        if (err instanceof ApiError && err.code === 'previous_response_not_found') {
          this.log(`demo: previous_response_not_found on the new connection (its cache is empty): resending the full context, ${conv.transcript.length} items`);
          conv.forgetChain();
        } else if (err instanceof Reconnecting) {
          // The SDK opens the new socket itself and sends this turn again once it is up; that
          // socket's cache is empty, so the retry resends the full context.
          this.log(`demo: ${err.message}: resending the turn with the full context on the new socket, ${conv.transcript.length} items`);
          conv.forgetChain();
        } else if ((err instanceof ApiError && err.code === 'websocket_connection_limit_reached') || err instanceof ConnectionClosed) {
          this.reconnect(conn, err instanceof ApiError ? err.code : err.message);
        } else {
          throw err;
        }
      }
    }
  }

  /** Replaces `old` with a new connection, once however many lanes notice it ended. */
  reconnect(old: AgentConnection, why: string): void {
    if (this.conn !== old) return;
    old.close(`reconnecting after ${why}`);
    this.conn = this.connect();
    this.connOpenedAt = Date.now();
    this.connections++;
    this.log(`demo: the connection ended (${why}): reconnecting on a new one`);
  }

  /** When the current connection was opened (Date.now()), for recycling before the limit. */
  connOpenedAt = Date.now();

  /**
   * Recycles the connection before the age limit, as careful clients do (55 of 60 min): the new
   * socket is opened first and the old one closed once it is up (make-before-break), and the first
   * turn on the new one resends the full context, since its cache is empty. No limit error, no
   * cache miss.
   */
  async recycle(conv: Conversation): Promise<void> {
    const old = this.conn;
    this.conn = this.connect();
    this.connOpenedAt = Date.now();
    this.connections++;
    conv.forgetChain();
    this.log('demo: recycling the connection before its age limit: opened a new one, closing the old one');
    await this.pause(300);
    old.close(RECYCLED);
  }

  /**
   * A user request worked through with tools: `toolCalls` tool calls (the mock's
   * metadata.mock_tool_calls rule), each one turn chained to the previous, then a text answer.
   */
  async task(conv: Conversation, text: string, toolCalls: number, extra: Partial<CreateBody> = {}): Promise<string> {
    conv.addUser(text);
    const { metadata: firstTurnOnly, ...rest } = extra;
    const wanted = String(conv.toolOutputs + toolCalls);
    for (let first = true; ; first = false) {
      // Per-request switches (a mock fault) apply to the task's first turn only.
      const metadata = { mock_tool_calls: wanted, ...(first ? (firstTurnOnly ?? {}) : {}) };
      const response = await this.turn(conv, { tools: TOOLS, tool_choice: 'auto', parallel_tool_calls: false, ...rest, metadata });
      const calls = response.output.filter((o): o is ResponseFunctionToolCall => o.type === 'function_call');
      if (calls.length === 0) return response.output_text ?? textOf(response);
      for (const call of calls) {
        this.toolCalls++;
        // Numbered within the conversation, not across lanes: lanes run side by side, so a shared
        // count made tool outputs depend on scheduling, and a replayed run diverge from its recording.
        const output = await abortable(runTool(call.name, call.arguments, conv.toolOutputs + 1, this.pace), this.signal);
        conv.addToolOutput(call.call_id, output);
      }
    }
  }

  /** Closes the connection (1000) and waits briefly for the closing handshake, so the capture shows it. */
  async close(): Promise<void> {
    this.conn.close('agent stopped');
    await Promise.race([this.conn.closed, sleep(1000)]);
  }
}

function textOf(response: Response): string {
  for (const item of response.output) if (item.type === 'message') for (const part of item.content) if (part.type === 'output_text') return part.text;
  return '';
}
