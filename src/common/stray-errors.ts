// An error nobody handled (an 'error' event without a listener, a rejected promise nobody awaited)
// ends the process with one line saying what happened, not a stack trace.
export function exitOnStrayErrors(name: string) {
  const stop = (err: unknown) => {
    process.stderr.write(`${name}: stopped by an unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', stop);
  process.on('unhandledRejection', stop);
}
