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
