// An @openai/agents agent on the Responses WebSocket transport, configured only by its
// environment (OPENAI_WEBSOCKET_BASE_URL, OPENAI_API_KEY). On Node 20 it needs
// --experimental-websocket (the SDK uses the global WebSocket).
import { Agent, run, setOpenAIResponsesTransport, setTracingDisabled } from '@openai/agents';

setTracingDisabled(true);
setOpenAIResponsesTransport('websocket');
const agent = new Agent({ name: 'Greeter', instructions: 'Greet briefly.', model: 'gpt-5.5' });
const result = await run(agent, 'Say hello.');
process.stdout.write(`agents answer: ${result.finalOutput}\n`);
