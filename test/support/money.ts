import { expectError, RpcError } from './app';

/** Expects invalid_input naming `path` among its issues. */
export async function expectInvalid(p: Promise<unknown>, path: string): Promise<RpcError> {
  const err = await expectError(p, 'invalid_input');
  expect(err.data.issues.map((i: any) => i.path)).toContain(path);
  return err;
}
