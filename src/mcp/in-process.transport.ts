import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, JSONRPCRequest, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';

/** How long a request may wait for the SDK Server's answer before it is answered as internal and forgotten. */
export const SDK_REPLY_TIMEOUT_MS = 10_000;

type Reply = { jsonrpc: '2.0'; id: string | number; result?: unknown; error?: { code: number; message: string; data?: unknown } };

/**
 * One long-lived SDK Server answers the protocol's own requests (initialize, ping, tools/list; the
 * gateway answers tools/call itself) through this transport. The SDK's own Streamable HTTP transport
 * must be rebuilt, with a new Server, for every stateless request, which measured at several times
 * the cost of the tool call itself (README, "Benchmark"). Here each
 * request gets a private id so concurrent callers reusing JSON-RPC ids never see each other's replies.
 * Every pending entry is answered or times out and is removed: a message the SDK drops without a
 * reply (it drops what its schemas refuse) can never hold a request, or its memory, for ever.
 */
export class InProcessTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private seq = 0;

  async start(): Promise<void> {}

  async close(): Promise<void> {
    for (const [id, resolve] of this.pending) resolve(unanswered(id, 'the MCP server is shutting down'));
    this.pending.clear();
    this.onclose?.();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const id = (message as { id?: unknown }).id;
    if (typeof id !== 'number' || !('result' in message || 'error' in message)) return; // server-initiated messages: none in stateless mode
    const resolve = this.pending.get(id);
    if (resolve) {
      this.pending.delete(id);
      resolve(message as Reply);
    }
  }

  request(message: JSONRPCRequest, extra: MessageExtraInfo): Promise<Reply> {
    const internalId = ++this.seq;
    if (this.seq >= Number.MAX_SAFE_INTEGER) this.seq = 0;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.pending.get(internalId)?.(unanswered(internalId, `no answer within ${SDK_REPLY_TIMEOUT_MS} ms`)), SDK_REPLY_TIMEOUT_MS).unref();
      this.pending.set(internalId, (reply) => {
        this.pending.delete(internalId);
        clearTimeout(timer);
        resolve({ ...reply, id: message.id });
      });
      this.onmessage!({ ...message, id: internalId }, extra);
    });
  }

  /** Requests still waiting for the SDK Server (what a test, or a leak, would see). */
  get waiting(): number {
    return this.pending.size;
  }

  notify(message: JSONRPCMessage, extra: MessageExtraInfo): void {
    this.onmessage!(message, extra);
  }
}

function unanswered(id: number, why: string): Reply {
  return { jsonrpc: '2.0', id, error: { code: -32603, message: `Internal error: ${why}.`, data: { kind: 'internal' } } };
}
