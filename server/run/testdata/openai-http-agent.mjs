// An HTTP-only agent: the real openai SDK's responses.create, streamed, with the base URL from
// OPENAI_BASE_URL: it reaches the relay's HTTP passthrough.
import OpenAI from 'openai';

const client = new OpenAI();
const stream = await client.responses.create({ model: 'gpt-5.5', input: 'Say hello.', stream: true });
let text = '';
for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
process.stdout.write(`http answer: ${text}\n`);
