import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** the event, after the official standardwebhooks library verified the signature */
  event: any;
  /** the status this receiver answered */
  status: number;
}

/**
 * A webhook receiver on loopback: every request is verified with the `standardwebhooks` npm package
 * (the secret of the endpoint its path names); `answer` decides the status per request.
 */
export class Receiver {
  readonly received: Received[] = [];
  readonly unverified: { path: string; error: string }[] = [];
  readonly secrets = new Map<string, string>();
  answer: (r: Omit<Received, 'status'>) => number | Promise<number> = () => 200;
  private server!: Server;
  inFlight = new Map<string, number>();
  maxConcurrentSameId = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        const id = String(req.headers['webhook-id']);
        const key = `${path} ${id}`;
        this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
        this.maxConcurrentSameId = Math.max(this.maxConcurrentSameId, this.inFlight.get(key)!);
        let event: any;
        try {
          event = new Webhook(this.secrets.get(path) ?? 'whsec_none').verify(body, req.headers as Record<string, string>);
        } catch (e) {
          this.unverified.push({ path, error: (e as Error).message });
        }
        const status = await this.answer({ path, headers: req.headers, body, event });
        this.inFlight.set(key, this.inFlight.get(key)! - 1);
        this.received.push({ path, headers: req.headers, body, event, status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? 'nope '.repeat(500) : 'ok');
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return this;
  }

  url(path: string) {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  on(path: string) {
    return this.received.filter((r) => r.path === path);
  }

  close() {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(r));
  }
}

/** Polls until `check` returns true (or throws after `ms`). */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 15_000, what = 'the condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
