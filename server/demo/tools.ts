import { setTimeout as sleep } from 'node:timers/promises';
import type { FunctionTool } from 'openai/resources/responses/responses';

/**
 * The demo agent's local tools: a small fake repository it "investigates". Each call takes a
 * little time, as real tools do, so the dashboard shows the agent's own time between turns.
 */
const str = (description: string) => ({ type: 'string', description });
const tool = (name: string, description: string, props: Record<string, object>): FunctionTool => ({
  type: 'function',
  name,
  description,
  strict: true,
  parameters: { type: 'object', properties: props, required: Object.keys(props), additionalProperties: false },
});

export const TOOLS: FunctionTool[] = [
  tool('list_files', 'List the files under a directory of the repository.', { path: str('Directory, relative to the repository root') }),
  tool('read_file', 'Read a file of the repository.', { path: str('File path, relative to the repository root') }),
  tool('search_code', 'Search the repository for an identifier or text.', { query: str('Identifier or text to find') }),
  tool('run_tests', 'Run the test files matching a pattern and report failures.', { pattern: str('Test name or file pattern') }),
  tool('lint', 'Run the linter on a path.', { path: str('File or directory') }),
];

const FILES = ['src/parser/tokenize.ts', 'src/parser/ast.ts', 'src/cli/main.ts', 'tests/tokenize.test.ts', 'README.md', 'package.json'];

function output(name: string, args: Record<string, unknown>, callNumber: number): unknown {
  const path = String(args.path ?? args.pattern ?? args.query ?? '');
  switch (name) {
    case 'list_files':
      return { path, entries: FILES.filter((f) => f.startsWith(path.replace(/^\.?\/?/, '')) || path === '.').slice(0, 6) };
    case 'read_file':
      return {
        path,
        lines: 120 + (callNumber % 40),
        excerpt: `export function parseNumber(token: Token): number {\n  // TODO: handle exponents (1e3)\n  return Number.parseFloat(token.text);\n}`,
      };
    case 'search_code':
      return {
        query: path,
        matches: [
          { file: 'src/parser/tokenize.ts', line: 88, text: `const ${path} = readDigits(input, start);` },
          { file: 'tests/tokenize.test.ts', line: 14, text: `it('reads ${path}')` },
        ],
      };
    case 'run_tests': {
      const failed = Math.max(0, 3 - Math.floor(callNumber / 8));
      return { pattern: path, passed: 41 + (3 - failed), failed, failures: failed > 0 ? ['tokenize > reads exponents: expected 1000, got 1'] : [] };
    }
    case 'lint':
      return { path, warnings: callNumber % 3, errors: 0 };
    default:
      return { error: `unknown tool ${name}` };
  }
}

/** Runs a tool call: waits 40–220 ms × pace, then returns its output as the string the API expects. */
export async function runTool(name: string, argumentsJson: string, callNumber: number, pace: number): Promise<string> {
  let args: Record<string, unknown> = {};
  try {
    args = JSON.parse(argumentsJson) as Record<string, unknown>;
  } catch {
    return JSON.stringify({ error: 'arguments are not valid JSON' });
  }
  await sleep((40 + Math.random() * 180) * pace);
  return JSON.stringify(output(name, args, callNumber));
}
