import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { UsageError } from './cliErrors.ts';
import { type CommandSpec, commandHelp, HELP_WIDTH, parseCommandArgs, wantsHelp } from './cliOptions.ts';

const OPTIONS = {
  port: { type: 'string', value: 'N', default: '8787', help: 'port; 0 = any free port' },
  output: { type: 'string', short: 'o', value: 'OUT', help: 'where to write' },
  json: { type: 'boolean', help: 'JSON instead of text' },
  secret: { type: 'boolean', hidden: true, help: 'not listed' },
} as const;

const SPEC: CommandSpec<typeof OPTIONS> = { usage: 'thing FILE [flags]', about: 'Does a thing.', options: OPTIONS, positionals: true };

/** The error a parse of argv throws. */
function errorOf(spec: CommandSpec<typeof OPTIONS>, argv: string[]): UsageError {
  try {
    parseCommandArgs(spec, argv);
  } catch (err) {
    return err as UsageError;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('parseCommandArgs', () => {
  it('applies declared defaults and says which flags were given', () => {
    const absent = parseCommandArgs(SPEC, ['a.ndjson']);
    expect(absent.values).toEqual({ port: '8787', output: undefined, json: false, secret: false });
    expect([...absent.given]).toEqual([]);
    expect(absent.positionals).toEqual(['a.ndjson']);
    const given = parseCommandArgs(SPEC, ['--port', '8787', '-o', 'x.json', '--json', 'a.ndjson']);
    expect(given.values).toMatchObject({ port: '8787', output: 'x.json', json: true });
    // The default value given explicitly still counts as given.
    expect([...given.given].sort()).toEqual(['json', 'output', 'port']);
  });

  it("passes Node's own message on, in one line, marked to point at the command's help", () => {
    const nodeOptions = { port: { type: 'string' }, output: { type: 'string', short: 'o' }, json: { type: 'boolean' }, secret: { type: 'boolean' } } as const;
    for (const argv of [['--json=yes'], ['--port'], ['-o']]) {
      let nodeMessage = '';
      try {
        parseArgs({ args: argv, options: nodeOptions, allowPositionals: true, strict: true });
      } catch (err) {
        nodeMessage = (err as Error).message.split('\n').join(' ');
      }
      expect(nodeMessage, argv.join(' ')).not.toBe('');
      const err = errorOf(SPEC, argv);
      expect(err).toBeInstanceOf(UsageError);
      expect(err.message).toBe(nodeMessage);
      expect(err.message).not.toContain('\n');
      expect(err.helpHint).toBe(true);
    }
    expect(errorOf({ ...SPEC, positionals: false }, ['extra']).message).toContain("'extra'");
  });

  it('names an unknown flag in one balanced line, and for a command that takes files says where a file named like a flag goes', () => {
    const withFiles = errorOf(SPEC, ['--bogus']);
    expect(withFiles).toBeInstanceOf(UsageError);
    expect(withFiles.message).toBe("unknown flag '--bogus' (a file whose name starts with - goes after --: -- --bogus)");
    expect(withFiles.helpHint).toBe(true);
    expect(errorOf({ ...SPEC, positionals: false }, ['-z']).message).toBe("unknown flag '-z'");
  });

  it('reads a negative number after a string flag as its value, for the flag’s own check to judge', () => {
    expect(parseCommandArgs(SPEC, ['--port', '-1']).values.port).toBe('-1');
    expect(parseCommandArgs(SPEC, ['--port', '-.5']).values.port).toBe('-.5');
  });

  it('keeps what follows "--" for the program it belongs to, and refuses a pass-through command without one', () => {
    const spec = { ...SPEC, positionals: false, passThrough: 'needs a command after "--"' };
    const parsed = parseCommandArgs(spec, ['--json', '--', 'node', '--bogus', '--help']);
    expect(parsed.values.json).toBe(true);
    expect(parsed.passThrough).toEqual(['node', '--bogus', '--help']);
    for (const argv of [['--json'], ['--json', '--']]) expect(errorOf(spec, argv).message).toBe('needs a command after "--"');
    expect(wantsHelp(spec, ['--', 'node', '--help'])).toBe(false);
    expect(wantsHelp(spec, ['-h', '--', 'node'])).toBe(true);
    expect(wantsHelp(SPEC, ['a.ndjson', '--help'])).toBe(true);
  });
});

describe('commandHelp', () => {
  it('lists every flag that is not hidden, with its value, short form and default, within the help width', () => {
    const help = commandHelp({ ...SPEC, about: `${'A long description that goes on. '.repeat(12)}\n\nSecond paragraph.`, notes: 'NOTES as written' });
    expect(help.split('\n')[0]).toBe('usage: responses-inspector thing FILE [flags]');
    expect(help).toMatch(/^ {2}--port N +port; 0 = any free port \(default 8787\)$/m);
    expect(help).toMatch(/^ {2}-o, --output OUT +where to write$/m);
    expect(help).toMatch(/^ {2}--json +JSON instead of text$/m);
    expect(help).toMatch(/^ {2}-h, --help +this help$/m);
    expect(help).not.toContain('--secret');
    expect(help).toContain('\n\nSecond paragraph.');
    expect(help.endsWith('NOTES as written')).toBe(true);
    expect(help.split('\n').filter((l) => l.length > HELP_WIDTH)).toEqual([]);
  });
});
