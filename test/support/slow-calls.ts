/**
 * Makes every call of `proto[method]` wait `ms` before it runs, so that something else (a server's
 * close) lands in the middle of work that calls it. `started` resolves at the first call; `calls()`
 * counts them; `restore()` puts the method back.
 */
export function slowCalls(proto: object, method: string, ms: number) {
  const original = (proto as Record<string, (...args: unknown[]) => unknown>)[method];
  let calls = 0;
  let first!: () => void;
  const started = new Promise<void>((resolve) => (first = resolve));
  const spy = jest.spyOn(proto as Record<string, (...args: unknown[]) => unknown>, method).mockImplementation(async function (this: unknown, ...args: unknown[]) {
    calls++;
    first();
    await new Promise((r) => setTimeout(r, ms));
    return original.apply(this, args);
  });
  return { started, calls: () => calls, restore: () => spy.mockRestore() };
}
