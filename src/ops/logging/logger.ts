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

/** Log lines wait in memory for at most this long, or until this many bytes are waiting, then one write takes them all. */
export const LOG_FLUSH_MS = 100;
const LOG_BATCH_BYTES = 4096;
/** Lines that find this much already waiting (stdout not read) are dropped and counted, not queued. */
export const LOG_BUFFER_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Where the server's log lines go when stdout is not a terminal: pino's own destination (sonic-boom),
 * asynchronous and batched. A line is appended to a buffer; one write, off the event loop, takes
 * what has gathered once 4 KiB are waiting or every LOG_FLUSH_MS, so at LOG_LEVEL=info (one line
 * per MCP call) a busy server makes one write per dozen calls instead of one per call. A reader that
 * stops reading (a full pipe) never holds the server up: lines wait in memory up to
 * LOG_BUFFER_MAX_BYTES, then are dropped (`zoop_log_lines_dropped_total`). Every waiting line is
 * written when the process exits: pino flushes on `exit`, and the shutdown hooks end the process
 * with process.exit rather than a re-raised signal (app.setup.ts). Only a process killed outright
 * (SIGKILL, a crash of Node itself) loses what is waiting: at most LOG_FLUSH_MS of lines.
 */
export function bufferedStdout(): DestinationStream & NodeJS.EventEmitter {
  return pino.destination({ dest: 1, sync: false, minLength: LOG_BATCH_BYTES, maxLength: LOG_BUFFER_MAX_BYTES, periodicFlush: LOG_FLUSH_MS });
}

/**
 * JSON lines to the given stream, else on stdout: pretty, coloured lines when stdout is a terminal,
 * buffered JSON lines otherwise (bufferedStdout).
 */
export function createLogger(level: string, destination?: DestinationStream): Pino {
  const options = { level, base: { pid: process.pid }, redact: { paths: REDACT, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty');
    return pino(options, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid' }));
  }
  return pino(options, bufferedStdout());
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
