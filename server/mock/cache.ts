/**
 * What the mock remembers of a response so that a request chained to it with
 * previous_response_id sees the whole conversation (for the tool-call rule and usage figures).
 */
export interface ChainState {
  /** The last user message of the conversation. */
  userText: string;
  /** Every function_call_output of the conversation, in order. */
  toolResults: string[];
  /** Input plus output tokens of the conversation so far: what the next turn starts from. */
  totalTokens: number;
}

export interface CachedResponse {
  id: string;
  chain: ChainState;
}

/**
 * Responses created with store≠false, shared by every connection of one mock server, so a miss in
 * the connection cache can "hydrate" them as the real service does (protocol.md §7). Bounded:
 * the oldest entries go first.
 */
export class StoredResponses {
  private readonly byId = new Map<string, ChainState>();
  constructor(private readonly limit = 5000) {}

  get(id: string): ChainState | undefined {
    return this.byId.get(id);
  }

  set(id: string, chain: ChainState): void {
    this.byId.set(id, chain);
    if (this.byId.size > this.limit) this.byId.delete(this.byId.keys().next().value!);
  }

  get size(): number {
    return this.byId.size;
  }
}
