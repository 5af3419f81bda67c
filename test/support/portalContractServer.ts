import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoPortalData, type PortalData } from '../../adapters/portal/demoData.js';

export type PortalFault = 'none' | 'slow' | 'error500' | 'garbage' | 'not-json' | 'flaky';

/**
 * A local server that implements the SLB portal contract (adapters/portal/openapi.yaml) on the demo data,
 * with faults to switch on: slow answers, 500s, bodies that break the contract, or one 500 before each success.
 */
export class PortalContractServer {
  fault: PortalFault = 'none';
  slowMs = 1000;
  requests: string[] = [];
  private flakyFailed = new Set<string>();
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  url = '';

  constructor(
    private readonly data: PortalData = demoPortalData(),
    private readonly token?: string,
  ) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
    return this.url;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '').replace(/^\/api/, '');
    this.requests.push(`${req.method} ${path}`);
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (this.token && req.headers.authorization !== `Bearer ${this.token}`) return send(401, { error: 'unauthorized' });
    if (req.method !== 'GET') return send(405, { error: 'method not allowed' });
    if (this.fault === 'slow') await new Promise((r) => setTimeout(r, this.slowMs));
    if (this.fault === 'error500') return send(500, { error: 'internal' });
    if (this.fault === 'flaky' && !this.flakyFailed.has(path)) {
      this.flakyFailed.add(path);
      return send(503, { error: 'try again' });
    }
    if (this.fault === 'not-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>maintenance</html>');
      return;
    }
    const body = this.route(path);
    if (body === undefined) return send(404, { error: 'not found' });
    if (this.fault === 'garbage') return send(200, { unexpected: true, name: 42 });
    send(200, body);
  }

  private route(path: string): unknown {
    const d = this.data;
    let m = /^\/contacts\/([^/]+)$/.exec(path);
    if (m) return d.contacts.find((c) => c.aadObjectId === decodeURIComponent(m![1]));
    m = /^\/schools\/([^/]+)(\/cart|\/orders|\/licenses)?$/.exec(path);
    if (!m) return undefined;
    const school = d.schools.find((s) => s.customerNumber === decodeURIComponent(m![1]));
    if (!school) return undefined;
    if (!m[2]) return school;
    if (m[2] === '/cart') return d.carts[school.customerNumber];
    if (m[2] === '/orders') return { orders: d.orders[school.customerNumber] ?? [] };
    return { licenses: d.licenses[school.customerNumber] ?? [] };
  }
}
