import fs from 'node:fs';
import path from 'node:path';
import { evaluateRules, RULE_FIRED_EXIT, type FiredRule, type Rule } from '../../src/core/gate.ts';
import type { FaultRecord } from '../../src/core/capture.ts';
import { summarizeRun, type RunSummary } from '../../src/core/runSummary.ts';
import { createCaptureModel } from '../../src/core/turns.ts';
import { readInput } from '../captures/readInput.ts';
import { warn } from '../cliFlags.ts';

/** The run summary of a capture or HAR file, read as a stream (shared by `run` and `check`). */
export async function summarizeFile(file: string): Promise<RunSummary> {
  const model = createCaptureModel();
  const faults: FaultRecord[] = [];
  await readInput(
    file,
    (rec) => {
      model.add(rec);
      if (rec.kind === 'fault') faults.push(rec);
    },
    (m) => warn(`${path.basename(file)}: ${m}`),
  );
  return summarizeRun(model.turns(), model.connections(), faults);
}

/** The machine-readable summary (`--json`, `--json-out`): the summary, the rules that fired, the exit status. */
export interface SummaryDocument extends RunSummary {
  capture: string | null;
  fired: FiredRule[];
  /** `run` only: how the command ended. */
  command?: { argv: string[]; status: number | null; signal: string | null };
  exitCode: number;
}

export interface GateOutput {
  /** Where the text summary goes: stderr for `run` (its child owns stdout), stdout for `check`; null: nowhere. */
  text: NodeJS.WritableStream | null;
  /** `--json`: the summary document as one line on stdout. */
  json: boolean;
  /** `--json-out FILE`: the same document written to FILE. */
  jsonOut?: string;
}

export interface GateReport {
  summary: RunSummary;
  rules: readonly Rule[];
  capture: string | null;
  out: GateOutput;
  /** The command's own status (`run`), 0 for `check`. */
  baseStatus: number;
  /** The text summary, already laid out by the command. */
  textLines: string[];
  command?: SummaryDocument['command'];
}

/**
 * Prints the summary and the rules that fired (each named on its own line on stderr) and returns
 * the exit status: `baseStatus` when it is not 0 (the command's own failure wins), else 3 when a
 * rule fired.
 */
export function reportGate({ summary, rules, capture, out, baseStatus, textLines, command }: GateReport): number {
  const fired = evaluateRules(rules, summary);
  const exitCode = baseStatus !== 0 ? baseStatus : fired.length > 0 ? RULE_FIRED_EXIT : 0;
  const doc: SummaryDocument = { ...summary, capture, fired, ...(command ? { command } : {}), exitCode };
  out.text?.write(textLines.map((l) => `${l}\n`).join(''));
  if (out.json) process.stdout.write(`${JSON.stringify(doc)}\n`);
  if (out.jsonOut !== undefined) fs.writeFileSync(out.jsonOut, `${JSON.stringify(doc, null, 2)}\n`);
  for (const f of fired) process.stderr.write(`responses-inspector: --fail-on ${f.rule} fired: ${f.message}\n`);
  return exitCode;
}
