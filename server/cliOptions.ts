import { parseArgs } from 'node:util';
import { UsageError } from './cliErrors.ts';

/**
 * A command's flags, declared once: the parser, `COMMAND --help` and the error for a bad flag all
 * come from this declaration. Parsing is Node's own `parseArgs`, strict, and its messages are passed
 * on as Node words them.
 */
export interface StringOption {
  type: 'string';
  /** The value's name in help: `--port N`. */
  value: string;
  help: string;
  /** Used when the flag is absent, and shown in help as "(default …)". */
  default?: string;
  short?: string;
  /** Accepted but left out of help (a flag the command refuses with its own message). */
  hidden?: boolean;
}

export interface BooleanOption {
  type: 'boolean';
  help: string;
  short?: string;
  hidden?: boolean;
}

export type OptionSpec = StringOption | BooleanOption;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends BooleanOption ? boolean : S extends { default: string } ? string : string | undefined;

/** Parsed flag values: booleans are false when absent, strings fall back to their declared default. */
export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]: ValueOf<O[K]> };

export interface ParsedArgs<O extends OptionSpecs> {
  values: OptionValues<O>;
  /** The flags given on the command line, as opposed to defaults: the parser's answer, not a re-scan of argv. */
  given: ReadonlySet<keyof O & string>;
  positionals: string[];
  /** The arguments after "--", for a command that runs another program (`passThrough`). */
  passThrough: string[];
}

export interface CommandSpec<O extends OptionSpecs> {
  /** After "usage: responses-inspector ": `export FILE --format json|har|otlp [-o OUT]`. */
  usage: string;
  /** What the command does, one paragraph or more (wrapped to the help width). */
  about: string;
  options: O;
  /** Whether it takes positional arguments (FILE); their count is the command's own check. */
  positionals?: boolean;
  /**
   * Everything after the first "--" belongs to another program and is not parsed (`run -- CMD`);
   * the value is the error when no program follows.
   */
  passThrough?: string;
  /** Text after the flags (a command's own notation, such as check's rules), printed as written. */
  notes?: string;
}

/** A command module: its declaration and what it does with the parsed arguments. */
export interface CommandModule<O extends OptionSpecs = OptionSpecs> {
  spec: CommandSpec<O>;
  run(args: ParsedArgs<O>): Promise<number>;
}

/** True when argv asks for the command's help (before any "--" of a pass-through command). */
export function wantsHelp(spec: CommandSpec<OptionSpecs>, argv: string[]): boolean {
  const own = spec.passThrough && argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  return own.includes('--help') || own.includes('-h');
}

/** Parses argv against the declaration. A mistake is a UsageError carrying Node's own message. */
export function parseCommandArgs<O extends OptionSpecs>(spec: CommandSpec<O>, argv: string[]): ParsedArgs<O> {
  const cut = spec.passThrough ? argv.indexOf('--') : -1;
  if (spec.passThrough && (cut === -1 || cut === argv.length - 1)) throw new UsageError(spec.passThrough);
  const own = cut === -1 ? argv : argv.slice(0, cut);
  const options = Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: joinNegativeValues(own, spec.options), options, allowPositionals: spec.positionals === true, strict: true });
  } catch (err) {
    // An unknown flag in words of our own: Node's advice for commands that take files quotes the
    // flag with a quote it never closes. Any other message as Node words it, multi-line ones (the
    // "ambiguous" advice) joined into the one line a usage error gets.
    const unknown = (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /Unknown option '([^']+)'/.exec((err as Error).message) : null;
    if (unknown) {
      const file = spec.positionals === true ? ` (a file whose name starts with - goes after --: -- ${unknown[1]})` : '';
      throw new UsageError(`unknown flag '${unknown[1]}'${file}`, true);
    }
    throw new UsageError((err as Error).message.split('\n').join(' '), true);
  }
  const raw = parsed.values as Record<string, string | boolean | undefined>;
  const given = new Set(Object.keys(raw).filter((k) => raw[k] !== undefined));
  const values = Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, raw[name] ?? (o.type === 'boolean' ? false : o.default)])) as OptionValues<O>;
  return { values, given, positionals: parsed.positionals, passThrough: cut === -1 ? [] : argv.slice(cut + 1) };
}

/**
 * `--port -1` reads to parseArgs as a flag without a value; a value that looks like a negative
 * number is joined (`--port=-1`), so the flag's own check says what it accepts.
 */
function joinNegativeValues(argv: string[], options: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)$/.exec(argv[i]);
    if (m && options[m[1]]?.type === 'string' && /^-\.?\d/.test(argv[i + 1] ?? '')) out.push(`${argv[i]}=${argv[++i]}`);
    else if (argv[i] === '--') return [...out, ...argv.slice(i)];
    else out.push(argv[i]);
  }
  return out;
}

/** Help is wrapped to this many columns. */
export const HELP_WIDTH = 100;
/** Where a flag's help starts, unless its name is longer. */
const HELP_COLUMN = 25;

/** The flags' help lines: `  -o, --output OUT       text (default …)`, wrapped under the text's column. */
export function optionsHelp(options: OptionSpecs): string {
  const lines: string[] = [];
  for (const [name, o] of Object.entries(options)) {
    if (o.hidden) continue;
    const label = `  ${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value}` : ''}`;
    const text = o.type === 'string' && o.default !== undefined ? `${o.help} (default ${o.default})` : o.help;
    const body = wrap(text, HELP_WIDTH - HELP_COLUMN);
    if (label.length < HELP_COLUMN - 1) lines.push(label.padEnd(HELP_COLUMN) + body[0], ...body.slice(1).map((l) => ' '.repeat(HELP_COLUMN) + l));
    else lines.push(label, ...body.map((l) => ' '.repeat(HELP_COLUMN) + l));
  }
  return lines.join('\n');
}

/** `COMMAND --help`: usage, what it does, its flags (with -h, --help), then its notes. */
export function commandHelp(spec: CommandSpec<OptionSpecs>): string {
  const usage = wrap(`usage: responses-inspector ${spec.usage}`, HELP_WIDTH);
  const about = spec.about.split('\n\n').map((p) => wrap(p, HELP_WIDTH).join('\n'));
  const flags = optionsHelp({ ...spec.options, help: { type: 'boolean', short: 'h', help: 'this help' } });
  return [usage.join('\n'), ...about, `flags:\n${flags}`, ...(spec.notes ? [spec.notes] : [])].join('\n\n');
}

/** Words into lines of at most `width` columns; a "\n" in the text starts a new line. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/ +/)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}
