import type { Response, ResponseInputItem } from 'openai/resources/responses/responses';
import type { CreateBody } from './agentConnection.ts';

/**
 * One conversation of the demo agent with `store: false`. It keeps the full transcript so it can
 * recover after a reconnect (the connection-local cache is gone: resend everything with
 * previous_response_id null), and otherwise chains turns sending only the new items.
 */
export class Conversation {
  /** Everything said so far: user messages, the model's output items, tool outputs. */
  readonly transcript: ResponseInputItem[] = [];
  /** Items not yet accepted by a completed response. */
  private fresh: ResponseInputItem[] = [];
  lastResponseId: string | null = null;
  toolOutputs = 0;

  constructor(readonly streamId?: string) {}

  /** A conversation on another lane that continues from this one (a fork). */
  fork(streamId: string): Conversation {
    const child = new Conversation(streamId);
    child.transcript.push(...this.transcript);
    child.lastResponseId = this.lastResponseId;
    child.toolOutputs = this.toolOutputs;
    return child;
  }

  addUser(text: string): void {
    this.add({ type: 'message', role: 'user', content: text });
  }

  addToolOutput(callId: string, output: string): void {
    this.toolOutputs++;
    this.add({ type: 'function_call_output', call_id: callId, output });
  }

  /** The body of the next response.create: chained when a previous response is known, else full. */
  request(extra: Partial<CreateBody>): CreateBody {
    const chained = this.lastResponseId !== null;
    return {
      model: 'gpt-5.5',
      store: false,
      ...extra,
      ...(this.streamId === undefined ? {} : { stream_id: this.streamId }),
      previous_response_id: this.lastResponseId,
      input: chained ? [...this.fresh] : [...this.transcript],
    };
  }

  record(response: Response): void {
    this.lastResponseId = response.id;
    this.fresh = [];
    this.transcript.push(...(response.output as unknown as ResponseInputItem[]));
  }

  /** The server no longer has the chain (new connection): the next request carries everything. */
  forgetChain(): void {
    this.lastResponseId = null;
  }

  private add(item: ResponseInputItem): void {
    this.transcript.push(item);
    this.fresh.push(item);
  }
}
