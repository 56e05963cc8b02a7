import { Writable } from 'node:stream';
import { createLogger, flatLineLogger } from './logger';

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
