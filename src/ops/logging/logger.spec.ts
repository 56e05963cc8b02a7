import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { BatchedLines, createLogger, flatLineLogger, isoTime } from './logger';

describe('flatLineLogger', () => {
  it('masks credential names at the top level of its lines, like the root logger does', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const log = flatLineLogger(createLogger('info', sink), { context: 'McpCall' });
    log.info({ tool: 'jobs.get', token: 'zoop_uk_secret', authorization: 'Bearer zoop_uk_secret', password: 'p', client_secret: 's' }, 'mcp call');
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ context: 'McpCall', tool: 'jobs.get', token: '[redacted]', authorization: '[redacted]', password: '[redacted]', client_secret: '[redacted]' });
    expect(lines[0]).not.toContain('zoop_uk_secret');
  });
});

describe('isoTime', () => {
  it('writes the same text as toISOString for every millisecond, across seconds, days and years, and when the clock goes back', () => {
    const starts = [Date.UTC(2026, 11, 5, 20, 1, 2), Date.UTC(2026, 11, 31, 23, 59, 59), Date.UTC(2024, 1, 29, 0, 0, 0), 0];
    for (const start of starts) for (let now = start - 1500; now < start + 1500; now += 7) expect(isoTime(now)).toBe(`,"time":"${new Date(now).toISOString()}"`);
    const later = Date.UTC(2027, 0, 1, 0, 0, 0, 1);
    expect(isoTime(later)).toBe(',"time":"2027-01-01T00:00:00.001Z"');
    expect(isoTime(later - 1000)).toBe(',"time":"2026-12-31T23:59:59.001Z"');
  });
});

describe('BatchedLines', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zoop-log-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function fileSink() {
    const file = join(dir, 'out.log');
    const sonic = pino.destination({ dest: file, sync: true });
    const writes: number[] = [];
    sonic.on('write', (n: number) => writes.push(n));
    return { sonic, writes, text: () => readFileSync(file, 'utf8') };
  }
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('writes the lines gathered within 100 ms in one write, in order, without waiting for more', async () => {
    const f = fileSink();
    const log = createLogger('info', new BatchedLines(f.sonic));
    for (let i = 0; i < 5; i++) log.info({ i }, 'mcp call');
    expect(f.text()).toBe(''); // nothing written while they are logged
    await wait(300);
    expect(f.writes).toHaveLength(1);
    const lines = f
      .text()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.i)).toEqual([0, 1, 2, 3, 4]);
    expect(Date.parse(lines[0].time)).toBeGreaterThan(Date.now() - 60_000);
    log.info({ i: 5 }, 'a lone line');
    await wait(300);
    expect(f.writes).toHaveLength(2);
    expect(JSON.parse(f.text().trimEnd().split('\n')[5])).toMatchObject({ i: 5, msg: 'a lone line' });
  });

  it('writes as soon as 4 KiB have gathered, without waiting for the timer; flushSync writes the rest', () => {
    const f = fileSink();
    const dest = new BatchedLines(f.sonic);
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 3; i++) dest.write(line);
    expect(f.writes).toEqual([]);
    dest.write(line);
    expect(f.writes).toEqual([4096]);
    dest.write(line);
    dest.flushSync();
    expect(f.writes).toEqual([4096, 1024]);
    expect(f.text()).toBe(line.repeat(5));
  });
});
