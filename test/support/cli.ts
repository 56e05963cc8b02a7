import { Readable } from 'node:stream';
import { main } from '../../src/cli';

/** Runs the admin CLI in-process against the test database; captures stdout, stderr and the exit code. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: any) => ((out += s), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => ((err += s), true));
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** runCli with `text` as the process's stdin (user:set-password reads the password there, never from arguments). */
export async function runCliWithStdin(text: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const real = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(text)]), configurable: true });
  try {
    return await runCli(...argv);
  } finally {
    Object.defineProperty(process, 'stdin', real);
  }
}
