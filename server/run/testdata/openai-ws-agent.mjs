// A Node agent that knows nothing of the inspector: the real openai SDK's ResponsesWS client,
// configured only by its environment (OPENAI_BASE_URL, OPENAI_API_KEY), two turns chained with
// previous_response_id. Its answers go to stdout. AGENT_FAULT puts a mock fault on the second
// turn; AGENT_PAUSE_MS waits before it (agent time); AGENT_EXIT is the status it exits with.
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';

const client = new OpenAI();
const ws = new ResponsesWS(client);
ws.on('error', () => undefined);
const turn = (body) =>
  new Promise((resolve) => {
    let text = '';
    const onDelta = (e) => (text += e.delta);
    const done = (e) => {
      ws.off('response.output_text.delta', onDelta);
      ws.off('response.completed', done);
      ws.off('close', done);
      resolve({ id: e?.response?.id, text });
    };
    ws.on('response.output_text.delta', onDelta);
    ws.on('response.completed', done);
    ws.on('close', done);
    ws.send({ type: 'response.create', model: 'gpt-5.5', store: false, ...body });
  });

const first = await turn({ input: 'Say hello.' });
process.stdout.write(`answer 1: ${first.text}\n`);
await new Promise((r) => setTimeout(r, Number(process.env.AGENT_PAUSE_MS ?? 0)));
const fault = process.env.AGENT_FAULT ? { metadata: { mock_fault: process.env.AGENT_FAULT } } : {};
const second = await turn({ previous_response_id: first.id, input: 'Again.', ...fault });
process.stdout.write(`answer 2: ${second.text}\n`);
ws.close({ code: 1000, reason: 'done' });
process.exitCode = Number(process.env.AGENT_EXIT ?? 0);
