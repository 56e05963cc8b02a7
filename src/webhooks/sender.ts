import { createHmac, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { guardedLookup, refusedUrl } from './address-guard';

/** A 2xx within this time is a success; anything slower is a failed attempt (issue 18). */
export const DELIVERY_TIMEOUT_MS = 10_000;
const BODY_KEPT = 1024;

/** A new endpoint secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` with one secret (Standard Webhooks). */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export interface AttemptResult {
  outcome: 'ok' | 'http_error' | 'timeout' | 'network' | 'refused';
  durationMs: number;
  responseCode: number | null;
  /** the first 1 KB of the response body */
  responseBody: string | null;
  error: string | null;
}

/**
 * Sends deliveries: one keep-alive agent pair whose lookup refuses forbidden addresses, so every
 * connection (new or reused) went to an address that was checked when it was opened.
 */
export class WebhookSender {
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(private readonly allowLoopback: boolean) {
    const lookup = guardedLookup(allowLoopback) as any;
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: 64, lookup }),
      https: new https.Agent({ keepAlive: true, maxSockets: 64, lookup }),
    };
  }

  close() {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  send(url: string, headers: Record<string, string>, body: string, signal?: AbortSignal): Promise<AttemptResult> {
    const started = performance.now();
    const done = (r: Omit<AttemptResult, 'durationMs'>): AttemptResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
    // literal addresses never reach the agent's lookup: check the URL (scheme, literal address) every time
    const refused = refusedUrl(url, this.allowLoopback);
    if (refused) return Promise.resolve(done({ outcome: 'refused', responseCode: null, responseBody: null, error: `url ${refused}` }));
    return new Promise((resolve) => {
      let settled = false;
      const finish = (r: Omit<AttemptResult, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(done(r));
      };
      const u = new URL(url);
      const mod = u.protocol === 'https:' ? https : http;
      const req = mod.request(
        u,
        {
          method: 'POST',
          agent: u.protocol === 'https:' ? this.agents.https : this.agents.http,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Zoop-Webhooks/1' },
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (c: Buffer) => {
            if (kept < BODY_KEPT) {
              chunks.push(c.subarray(0, BODY_KEPT - kept));
              kept += Math.min(c.length, BODY_KEPT - kept);
            }
          });
          const end = () => {
            const code = res.statusCode ?? 0;
            finish({
              outcome: code >= 200 && code < 300 ? 'ok' : 'http_error',
              responseCode: code,
              responseBody: Buffer.concat(chunks).toString('utf8'),
              error: null,
            });
          };
          res.on('end', end);
          res.on('error', end);
        },
      );
      const timer = setTimeout(() => {
        finish({ outcome: 'timeout', responseCode: null, responseBody: null, error: `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s` });
        req.destroy();
      }, DELIVERY_TIMEOUT_MS);
      timer.unref();
      req.on('error', (e: NodeJS.ErrnoException) =>
        finish({ outcome: e.code === 'EADDRREFUSED' ? 'refused' : 'network', responseCode: null, responseBody: null, error: e.message.slice(0, 300) }),
      );
      req.end(body);
    });
  }
}
