/** A warning line on stderr: something the command went on without (a flag it ignores, a bad line). */
export function warn(message: string): void {
  process.stderr.write(`responses-inspector: warning: ${message}\n`);
}

/** A command-line mistake: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  /** `helpHint`: the line ends with where to find the command's flags (an unknown or misused flag). */
  constructor(
    message: string,
    readonly helpHint = false,
  ) {
    super(message);
  }
}
