/**
 * The product's domain errors. A reader, parser or plan throws one of these with a stable `code`
 * (tests and callers branch on the code, never on the message) and a `kind` that says who has to
 * act. Only the outermost layers translate a kind: the CLI into an exit code (server/cli.ts) and
 * the HTTP layer into a status. Nothing below them knows about either.
 */
export type ErrorKind =
  /** The input (a file, a body, a flag's value) is not what it has to be; the user must fix it. */
  | 'invalid'
  /** What was asked for does not exist. */
  | 'not_found'
  /** The input is well formed but over a limit the product keeps to stay responsive. */
  | 'too_large';

export class InspectorError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly kind: ErrorKind = 'invalid',
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The HTTP status for a domain error; the one mapping the HTTP layer uses. */
export function httpStatusOf(err: InspectorError): number {
  return err.kind === 'not_found' ? 404 : err.kind === 'too_large' ? 413 : 400;
}
