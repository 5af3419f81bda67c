import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  name: string;
  url: string;
  /** Set by the health checks: false while GET /healthz fails. */
  healthy: boolean;
}

export interface RoundRobinProxyOptions {
  /** How often each instance's /healthz is read. @default 2000 */
  healthEveryMs?: number;
  /** Told when an instance goes out of or back into rotation. */
  log?: (message: string) => void;
}

/** The cookie that keeps a browser on one instance (for Web Chat's embedded Direct Line). */
const AFFINITY = 'slb_instance';

/**
 * A small load balancer for the cluster demo: every request goes to the next healthy instance in turn, except
 * requests from a browser that already has an instance (affinity cookie, as Azure App Service's ARR affinity):
 * the embedded Direct Line conversations are still held per instance. The agent console does not need it (its
 * accounts, sessions and live events are shared), but gets the cookie too, as any browser does. Instances whose
 * /healthz fails leave the rotation until it answers again; a request refused by a dead instance before anything
 * was sent is tried on the next one. Each answer says which instance served it (x-served-by).
 */
export class RoundRobinProxy {
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private next = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly upstreams: Upstream[],
    private readonly options: RoundRobinProxyOptions = {},
  ) {}

  async start(port: number, host = '127.0.0.1'): Promise<string> {
    await this.checkHealth();
    this.timer = setInterval(() => void this.checkHealth(), this.options.healthEveryMs ?? 2000);
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, resolve);
    });
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    clearInterval(this.timer);
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async checkHealth(): Promise<void> {
    await Promise.all(
      this.upstreams.map(async (u) => {
        const healthy = await fetch(`${u.url}/healthz`, { signal: AbortSignal.timeout(1500) })
          .then((r) => r.ok)
          .catch(() => false);
        if (healthy !== u.healthy)
          this.options.log?.(`${u.name} ${healthy ? 'in rotation' : 'out of rotation (health check failed)'}`);
        u.healthy = healthy;
      }),
    );
  }

  /** The instances to try, in order: the browser's own first (if healthy), then the next ones in turn. */
  private order(req: http.IncomingMessage): Upstream[] {
    const pinned = /(?:^|;\s*)slb_instance=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const healthy = this.upstreams.filter((u) => u.healthy);
    const own = healthy.find((u) => u.name === pinned);
    if (own) return [own, ...healthy.filter((u) => u !== own)];
    const start = this.next++ % Math.max(1, healthy.length);
    return [...healthy.slice(start), ...healthy.slice(0, start)];
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const browser = Boolean(req.headers['user-agent']?.includes('Mozilla'));
    for (const upstream of this.order(req)) {
      try {
        await this.forward(upstream, req, body, res, browser);
        return;
      } catch (err) {
        // Refused before anything was sent: the instance is down, try the next. Anything else is the client's answer.
        if ((err as NodeJS.ErrnoException).code !== 'ECONNREFUSED' || res.headersSent) {
          if (!res.headersSent) res.writeHead(502).end();
          else res.destroy();
          return;
        }
        upstream.healthy = false;
        this.options.log?.(`${upstream.name} out of rotation (connection refused)`);
      }
    }
    res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'no healthy instance' }));
  }

  private forward(
    upstream: Upstream,
    req: http.IncomingMessage,
    body: Buffer,
    res: http.ServerResponse,
    browser: boolean,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const target = new URL(req.url ?? '/', upstream.url);
      const outgoing = http.request(
        target,
        {
          method: req.method,
          headers: { ...req.headers, host: target.host, 'x-forwarded-for': req.socket.remoteAddress },
        },
        (answer) => {
          const headers = { ...answer.headers, 'x-served-by': upstream.name };
          if (browser) {
            const cookie = `${AFFINITY}=${upstream.name}; Path=/; HttpOnly; SameSite=Strict`;
            const existing = headers['set-cookie'] ?? [];
            headers['set-cookie'] = [...(Array.isArray(existing) ? existing : [existing]), cookie];
          }
          res.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(res);
          answer.once('end', resolve);
          answer.once('error', reject);
          // A server-sent event stream ends when the browser goes.
          res.once('close', () => answer.destroy());
        },
      );
      outgoing.once('error', reject);
      outgoing.end(body);
    });
  }
}
