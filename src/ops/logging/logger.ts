import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger as Pino } from 'pino';

// Anything that could carry a credential is masked wherever it appears in a log object.
export const REDACT = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'client_secret',
  '*.client_secret',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
];

/**
 * A child logger for lines that are flat objects of strings and numbers (the per-call line): it
 * masks the same names at the top level, the only level such a line has. The full REDACT set, with
 * its `*.` wildcards, cost ~10 µs of CPU per line in pino 10 (@pinojs/redact), about as much as the
 * rest of the line; the per-call line is written once per MCP call (README, "Benchmark").
 */
export function flatLineLogger(log: Pino, bindings: Record<string, unknown>): Pino {
  return log.child(bindings, { redact: { paths: REDACT.filter((p) => !p.includes('.')), censor: '[redacted]' } });
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function isLogLevel(level: string): boolean {
  return LEVELS.includes(level);
}

/** The longest a log line waits in memory before it is written to stdout (README, "Operating it"). */
const LOG_FLUSH_MS = 100;
/** Lines are written as soon as this much has gathered, without waiting for the timer. */
const LOG_BATCH_BYTES = 4096;

let stdoutDestination: DestinationStream | undefined;

/**
 * stdout, written in batches: lines gather in memory and go out in one synchronous write once 4 KiB
 * have gathered (about 14 per-call lines) or every LOG_FLUSH_MS, whichever comes first (pino's
 * destination, SonicBoom, with `minLength` and `periodicFlush`), and whatever is left when the process
 * exits is written then: on `process.exit`, on a stray error (which exits), and at the end of a
 * signal's shutdown (`enableShutdownHooks` with `useProcessExit` in app.setup.ts). A SIGKILL loses at
 * most the last LOG_FLUSH_MS of lines.
 *
 * Why batches: one write per line made every MCP call pay a system call whose cost grows with the log
 * file: a server that had written ~200 MB of lines used 17 % more CPU per jobs.get than the same
 * configuration writing to /dev/null (README, "Benchmark"). Synchronous writes rather than pino's
 * asynchronous destination: each asynchronous write is a thread-pool hand-off whose wake-ups cost
 * more than they save on a loaded 2-core machine. One destination per process, shared by every
 * logger, so lines keep their order.
 */
function stdout(): DestinationStream {
  if (!stdoutDestination) {
    const dest = pino.destination({ dest: 1, sync: true, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS });
    process.once('exit', () => {
      try {
        dest.flushSync();
      } catch {
        // stdout is gone: nothing left to write to
      }
    });
    stdoutDestination = dest;
  }
  return stdoutDestination;
}

/** JSON lines on stdout in batches (see `stdout`), or on the given stream; pretty, coloured lines when stdout is a terminal. */
export function createLogger(level: string, destination?: DestinationStream): Pino {
  const options = { level, base: { pid: process.pid }, redact: { paths: REDACT, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty');
    return pino(options, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid' }));
  }
  return pino(options, stdout());
}

/** Nest's logger interface on top of pino: `new Logger('Ctx').log(...)` becomes a JSON line. */
export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: Pino) {}
  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  // Nest calls (message, ...params, context); error() may also pass a stack before the context.
  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, rest: unknown[]) {
    if (!this.pino.isLevelEnabled(level)) return;
    const params = [...rest];
    const context = params.length && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const extra: Record<string, unknown> = { context };
    const msg = params.find((p) => typeof p === 'string' && !String(p).includes('\n    at ')) as string | undefined;
    const stack = params.find((p) => typeof p === 'string' && String(p).includes('\n    at '));
    if (stack) extra.stack = stack;
    if (message instanceof Error) this.pino[level]({ ...extra, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ ...extra, ...(message as object) }, msg);
    else this.pino[level](extra, String(message));
  }
}
