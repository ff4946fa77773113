import path from 'node:path';
import type { CaptureRecord } from '../../src/core/capture.ts';
import { readInput } from '../captures/readInput.ts';
import { parsePort, UsageError, warn } from '../cliFlags.ts';
import type { CommandSpec, OptionSpecs, ParsedArgs } from '../cliOptions.ts';
import { startReplayServer } from '../replay/replayServer.ts';
import { buildReplayScript } from '../replay/script.ts';
import type { TimingMode } from '../replay/timing.ts';
import { untilSignal } from '../signals.ts';
import { listenError } from './start.ts';

const OPTIONS = {
  port: { type: 'string', value: 'N', default: '8787', help: '0 = any free port' },
  timing: { type: 'string', value: 'MODE', default: 'original', help: 'original: recorded gaps; compressed: gaps capped at 10 ms; none: no waits' },
  speed: { type: 'string', value: 'X', default: '1', help: 'divide recorded gaps by X' },
  match: {
    type: 'string',
    value: 'MODE',
    default: 'content',
    help: 'content: input items and their text must match; shape: only the count, types and roles of the input items (prompts with timestamps or ids)',
  },
} as const satisfies OptionSpecs;

export const spec: CommandSpec<typeof OPTIONS> = {
  usage: 'replay FILE [--port N] [--timing original|compressed|none] [--speed X] [--match content|shape]',
  about:
    'Serves a capture (.ndjson) or HAR file as a Responses WebSocket endpoint on 127.0.0.1: the n-th connection an agent opens plays the n-th recorded connection, and each response.create is answered with the recorded server frames of the next recorded request on its lane. A request that differs from the recording (model, tools, input items and their text, previous_response_id, or one request too many) gets an "error" frame with code "replay_divergence". Point the SDK\'s base URL at the printed base URL.',
  options: OPTIONS,
  positionals: true,
};

/** `responses-inspector replay FILE`: a capture served as a Responses endpoint. */
export async function run({ values, positionals }: ParsedArgs<typeof OPTIONS>): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('replay takes one FILE: responses-inspector replay captures/2026-….ndjson');
  const timing = values.timing;
  if (timing !== 'original' && timing !== 'compressed' && timing !== 'none') {
    throw new UsageError(`--timing must be original, compressed or none, not ${JSON.stringify(timing)}`);
  }
  const speedText = values.speed;
  const speed = Number(speedText);
  if (!Number.isFinite(speed) || speed <= 0) throw new UsageError(`--speed must be a number above 0, not ${JSON.stringify(speedText)}`);
  const match = values.match;
  if (match !== 'content' && match !== 'shape') throw new UsageError(`--match must be content or shape, not ${JSON.stringify(match)}`);
  const port = parsePort(values.port as string | undefined, 8787);
  const file = path.resolve(positionals[0]);

  const records: CaptureRecord[] = [];
  await readInput(file, (rec) => void records.push(rec), warn);
  const script = buildReplayScript(records);
  records.length = 0;
  const turns = script.reduce((n, c) => n + c.turns, 0);
  if (turns === 0) warn(`${file} has no response.create requests to replay`);

  const replay = await startReplayServer({
    script,
    port,
    timing: timing as TimingMode,
    speed,
    match,
    onDivergence: (message) => warn(`${message} (answered with a replay_divergence error)`),
  }).catch(listenError(port));
  process.stdout.write(`replay: ${replay.url}\nSDK base URL: ${replay.baseUrl}\n`);
  process.stderr.write(
    `responses-inspector: replaying ${script.length} connection${script.length === 1 ? '' : 's'}, ${turns} request${turns === 1 ? '' : 's'} from ${file} (timing ${timing}${speed !== 1 ? `, speed ${speed}×` : ''})\n`,
  );
  await untilSignal();
  await replay.close();
  return 0;
}
