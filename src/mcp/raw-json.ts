/**
 * A tool result that PostgreSQL already serialised (json_build_object(...)::text). The gateway puts
 * the text into the reply as it is, both as the text content and as structuredContent, so a hot read
 * is never parsed and re-serialised in Node. Anything else that meets it (JSON.stringify, the SDK
 * path) sees the parsed object through toJSON().
 */
export class RawJson {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** The JSON-RPC reply to a tools/call whose result is raw JSON text, built without a parse; `extra`: more fields of the result. */
export function rawToolReply(id: string | number, result: RawJson, extra?: Record<string, unknown>): string {
  const more = extra ? `,${JSON.stringify(extra).slice(1, -1)}` : '';
  return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"content":[{"type":"text","text":${JSON.stringify(result.text)}}],"structuredContent":${result.text}${more}}}`;
}
