import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RoundRobinProxy, type Upstream } from '../../cli/roundRobinProxy.js';

/** A stand-in instance: answers /healthz and says its name. */
async function instance(name: string): Promise<{ upstream: Upstream; server: http.Server }> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(req.url === '/healthz' ? 'ok' : name);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { upstream: { name, url, healthy: false }, server };
}

describe('the round-robin proxy of the cluster demo', () => {
  it('alternates between healthy instances, keeps a browser on its own, and skips a dead one', async () => {
    const a = await instance('a');
    const b = await instance('b');
    const proxy = new RoundRobinProxy([a.upstream, b.upstream], { healthEveryMs: 100_000 });
    const url = await proxy.start(0);
    try {
      const served = async (headers: Record<string, string> = {}) => {
        const res = await fetch(`${url}/api/messages`, { method: 'POST', body: '{}', headers });
        return { body: await res.text(), by: res.headers.get('x-served-by'), cookie: res.headers.get('set-cookie') };
      };
      const bodies = [(await served()).body, (await served()).body, (await served()).body, (await served()).body];
      expect(bodies).toEqual(['a', 'b', 'a', 'b']);

      // A browser gets an affinity cookie and stays on its instance.
      const first = await served({ 'user-agent': 'Mozilla/5.0' });
      expect(first.cookie).toMatch(new RegExp(`slb_instance=${first.by}`));
      for (let i = 0; i < 3; i++)
        expect((await served({ 'user-agent': 'Mozilla/5.0', cookie: `slb_instance=${first.by}` })).by).toBe(first.by);

      // One instance dies: its requests go to the other, without an error for the client.
      a.server.closeAllConnections();
      await new Promise<void>((resolve) => a.server.close(() => resolve()));
      const after = [await served(), await served(), await served()];
      expect(after.map((r) => r.body)).toEqual(['b', 'b', 'b']);
    } finally {
      await proxy.stop();
      b.server.closeAllConnections();
      await new Promise<void>((resolve) => b.server.close(() => resolve()));
    }
  });
});
