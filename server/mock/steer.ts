import { newId } from './random.ts';

/**
 * The reply to a `response.steer` (protocol.md §3.4). The mock acknowledges steering of a
 * response that is still streaming and otherwise fails with the documented codes; it does not
 * apply the steering input to the running response (a simplification: the real service may end it
 * with response.incomplete and start a successor).
 */
export type SteerReply = Record<string, unknown> & { type: 'response.steer.accepted' | 'response.steer.failed' };

function validInput(input: unknown): boolean {
  if (typeof input === 'string') return input.trim() !== '';
  if (!Array.isArray(input) || input.length === 0) return false;
  return input.every((m) => typeof m === 'object' && m !== null && (m as { role?: unknown }).role === 'user' && (m as { type?: unknown }).type !== 'function_call_output');
}

export function steerReply(event: Record<string, unknown>, target: { active: boolean; known: boolean }): SteerReply {
  const previous = typeof event.previous_response_id === 'string' ? event.previous_response_id : '';
  const failed = (code: string, message: string): SteerReply => ({
    type: 'response.steer.failed',
    error: { code, message },
    steer: { input: event.input ?? null, previous_response_id: previous },
  });
  if (!validInput(event.input) || previous === '' || 'stream_id' in event) {
    return failed('invalid_input', 'Steering accepts only previous_response_id and a non-empty input of user messages.');
  }
  if (target.active) return { type: 'response.steer.accepted', steer: { id: newId('steer'), previous_response_id: previous } };
  if (target.known) return failed('response_already_completed', `Response '${previous}' has already completed.`);
  return failed('response_not_found', `Response '${previous}' is not available on this connection.`);
}
