/**
 * The clean-shutdown path of the long-running commands: the first SIGINT or SIGTERM resolves
 * `untilSignal()` (capture flushed, exit 0); a second one while shutting down exits at once.
 *
 * `catchSignals()` starts listening before a command starts its servers, so a signal that arrives
 * while it is still starting (a test or a supervisor stopping it right after the first printed
 * line) is kept for the command instead of killing the process with nothing flushed. Short
 * commands (export, compare without --ui) do not call it: Ctrl-C must still stop them at once.
 */
let first: Promise<NodeJS.Signals> | null = null;

export function catchSignals(): void {
  first ??= new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) process.exit(130);
      received = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export function untilSignal(): Promise<NodeJS.Signals> {
  catchSignals();
  return first!;
}
