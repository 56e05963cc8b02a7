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
/** Lines are written as soon as this many characters have gathered, without waiting for the timer. */
const LOG_BATCH_CHARS = 4096;

/** Where a batch of lines goes: pino's destination (SonicBoom) on stdout, or a file in the tests. */
interface LineSink {
  write(text: string): unknown;
  flushSync(): void;
}

/**
 * Log lines gathered in memory and handed to `sink` in one write as soon as LOG_BATCH_CHARS have
 * gathered (about 14 per-call lines) or LOG_FLUSH_MS after the first of them, whichever comes first,
 * in the order they were logged. `flushSync` writes what has gathered now.
 *
 * What SonicBoom's own buffering (`minLength`, `periodicFlush`) does, for less: it measures the whole
 * buffer it has gathered with `Buffer.byteLength` on every line it adds (flattening the string each
 * time), ~0.6 µs per line of a 4 KiB batch; here a line costs an array push and the lines are joined
 * once per batch (README, "Benchmark").
 */
export class BatchedLines implements DestinationStream {
  private lines: string[] = [];
  private chars = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly onTimer = () => {
    this.timer = undefined;
    this.flush();
  };

  constructor(private readonly sink: LineSink) {}

  write(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= LOG_BATCH_CHARS) this.flush();
    // unref'd: a line waiting to be written does not keep the process alive (the exit writes it)
    else if (!this.timer) this.timer = setTimeout(this.onTimer, LOG_FLUSH_MS).unref();
  }

  /** Hands what has gathered to the sink, which writes it synchronously (pino's `logger.flush(cb)` calls this too). */
  flush(done?: (err?: Error) => void): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.lines.length) {
      const text = this.lines.length === 1 ? this.lines[0] : this.lines.join('');
      this.lines = [];
      this.chars = 0;
      this.sink.write(text);
    }
    done?.();
  }

  flushSync(): void {
    this.flush();
    this.sink.flushSync();
  }
}

let stdoutDestination: BatchedLines | undefined;

/**
 * stdout, written in batches (BatchedLines) in one synchronous write each, through pino's destination
 * (SonicBoom, which retries a pipe's EAGAIN), and whatever is left when the process exits is written
 * then: on `process.exit`, on a stray error (which exits), and at the end of a signal's shutdown
 * (`enableShutdownHooks` with `useProcessExit` in app.setup.ts). A SIGKILL loses at most the last
 * LOG_FLUSH_MS of lines.
 *
 * Why batches: one write system call per ~14 lines instead of one per line (README, "Benchmark").
 * Synchronous writes rather than pino's asynchronous destination: each asynchronous write is a
 * thread-pool hand-off whose wake-ups cost more than they save on a loaded 2-core machine. One
 * destination per process, shared by every logger, so lines keep their order.
 */
function stdout(): DestinationStream {
  if (!stdoutDestination) {
    const dest = new BatchedLines(pino.destination({ dest: 1, sync: true }));
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

let isoSecond = NaN;
let isoPrefix = '';

/**
 * pino's `timestamp` option: `,"time":"2026-12-05T20:01:02.123Z"`, the same text as pino's `isoTime`
 * (`new Date().toISOString()`), with the date and time up to the second formatted once per second:
 * V8's toISOString formats through snprintf, ~0.6 µs per line (README, "Benchmark").
 */
export function isoTime(now: number = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = `,"time":"${new Date(second * 1000).toISOString().slice(0, 20)}`;
  }
  const ms = now - second * 1000;
  return `${isoPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z"`;
}

/** JSON lines on stdout in batches (see `stdout`), or on the given stream; pretty, coloured lines when stdout is a terminal. */
export function createLogger(level: string, destination?: DestinationStream): Pino {
  const options = { level, base: { pid: process.pid }, redact: { paths: REDACT, censor: '[redacted]' }, timestamp: isoTime };
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
