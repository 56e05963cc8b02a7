import { InProcessTransport, SDK_REPLY_TIMEOUT_MS } from './in-process.transport';

// Issue 14, A2: a message the SDK Server drops without a reply must not hold its caller, or its
// pending entry, for ever.
describe('InProcessTransport', () => {
  afterEach(() => jest.useRealTimers());

  it('answers a request the server never replies to as internal after the timeout, and forgets it', async () => {
    jest.useFakeTimers();
    const transport = new InProcessTransport();
    transport.onmessage = () => {}; // a server that drops everything
    const reply = transport.request({ jsonrpc: '2.0', id: 'caller-1', method: 'ping' }, {});
    expect(transport.waiting).toBe(1);
    jest.advanceTimersByTime(SDK_REPLY_TIMEOUT_MS);
    await expect(reply).resolves.toMatchObject({ id: 'caller-1', error: { code: -32603, data: { kind: 'internal' } } });
    expect(transport.waiting).toBe(0);
  });

  it('a reply in time is delivered once, with the caller id, and clears its timer', async () => {
    jest.useFakeTimers();
    const transport = new InProcessTransport();
    transport.onmessage = (m: any) => void transport.send({ jsonrpc: '2.0', id: m.id, result: { ok: true } });
    await expect(transport.request({ jsonrpc: '2.0', id: 7, method: 'ping' }, {})).resolves.toEqual({ jsonrpc: '2.0', id: 7, result: { ok: true } });
    expect(transport.waiting).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('close answers whatever is still waiting', async () => {
    const transport = new InProcessTransport();
    transport.onmessage = () => {};
    const reply = transport.request({ jsonrpc: '2.0', id: 1, method: 'ping' }, {});
    await transport.close();
    await expect(reply).resolves.toMatchObject({ id: 1, error: { data: { kind: 'internal' } } });
    expect(transport.waiting).toBe(0);
  });
});
