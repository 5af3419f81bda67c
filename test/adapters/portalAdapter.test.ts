import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedPortal } from '../../adapters/portal/embeddedPortal.js';
import { HttpPortal } from '../../adapters/portal/httpPortal.js';
import { PortalError, type PortalAdapter } from '../../adapters/portal/portalAdapter.js';
import { PERSONAS } from '../support/personas.js';
import { PortalContractServer } from '../support/portalContractServer.js';

const dirs: string[] = [];
const contract = new PortalContractServer(undefined, 'portal-test-token');
beforeAll(() => contract.start());
afterAll(async () => {
  await contract.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(() => (contract.fault = 'none'));

const implementations: Array<[string, () => PortalAdapter]> = [
  [
    'embedded (lowdb)',
    () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-'));
      dirs.push(dir);
      return new EmbeddedPortal(dir);
    },
  ],
  [
    'HTTP (against the contract server)',
    () => new HttpPortal({ baseUrl: contract.url, token: 'portal-test-token', timeoutMs: 500, retryDelayMs: 10 }),
  ],
];

describe.each(implementations)('PortalAdapter: %s', (_name, create) => {
  let portal: PortalAdapter;
  beforeEach(() => (portal = create()));

  it('finds the contact behind a known identity and nobody behind an unknown one', async () => {
    expect(await portal.contactByIdentity(PERSONAS.anna.aadObjectId)).toEqual(
      expect.objectContaining({ name: 'Anna de Vries', customerNumber: '100001', role: 'first' }),
    );
    expect(await portal.contactByIdentity(PERSONAS.bram.aadObjectId)).toEqual(
      expect.objectContaining({ customerNumber: '100001', role: 'other' }),
    );
    expect(await portal.contactByIdentity(PERSONAS.stranger.aadObjectId)).toBeUndefined();
  });

  it('returns the school, its ready cart with 120 A3 licenses, and 100 basispakketten held', async () => {
    expect(await portal.school('100001')).toEqual(
      expect.objectContaining({ name: 'Demo Lyceum', basispakketten: 100 }),
    );
    const cart = await portal.cart('100001');
    expect(cart).toEqual(expect.objectContaining({ year: 2026, status: 'ready' }));
    expect(cart!.lines.filter((l) => l.kind === 'a3').reduce((n, l) => n + l.quantity, 0)).toBe(120);
  });

  it('returns the order history with statuses', async () => {
    const orders = await portal.orders('100002');
    expect(orders.map((o) => o.status)).toEqual(['Afgerond', 'In behandeling']);
    expect(await portal.orders('100001')).toEqual([]);
    expect(await portal.licenses('100002')).toEqual([
      expect.objectContaining({ product: 'Basispakket', quantity: 250 }),
    ]);
  });

  it('rejects an unknown school with a not-found PortalError', async () => {
    await expect(portal.school('999999')).rejects.toMatchObject({ name: 'PortalError', kind: 'not-found' });
  });
});

describe('HttpPortal failures', () => {
  const portal = () =>
    new HttpPortal({ baseUrl: contract.url, token: 'portal-test-token', timeoutMs: 200, retries: 2, retryDelayMs: 10 });

  it('times out a slow portal and says so', async () => {
    contract.fault = 'slow';
    contract.slowMs = 1000;
    const started = Date.now();
    await expect(portal().school('100001')).rejects.toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(/timed out after 200 ms/),
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('retries a 500 and then reports the portal unavailable', async () => {
    contract.fault = 'error500';
    contract.requests = [];
    await expect(portal().cart('100001')).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/answered 500/),
    });
    expect(contract.requests).toHaveLength(3);
  });

  it('succeeds when a retry gets through after a 503', async () => {
    contract.fault = 'flaky';
    expect(await portal().school('100002')).toEqual(expect.objectContaining({ name: 'Voorbeeld College' }));
  });

  it('refuses a body that breaks the contract, without retrying', async () => {
    contract.fault = 'garbage';
    contract.requests = [];
    await expect(portal().school('100001')).rejects.toMatchObject({ kind: 'invalid-response' });
    expect(contract.requests).toHaveLength(1);
  });

  it('refuses a body that is not JSON', async () => {
    contract.fault = 'not-json';
    await expect(portal().orders('100002')).rejects.toBeInstanceOf(PortalError);
  });

  it('reports a refused connection as unavailable', async () => {
    const closed = new HttpPortal({ baseUrl: 'http://127.0.0.1:9/api', retries: 0 });
    await expect(closed.school('100001')).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('sends the bearer token and fails clearly without it', async () => {
    const noToken = new HttpPortal({ baseUrl: contract.url, retries: 0 });
    await expect(noToken.school('100001')).rejects.toMatchObject({
      kind: 'invalid-response',
      message: expect.stringMatching(/answered 401/),
    });
  });
});

describe('EmbeddedPortal', () => {
  it('seeds the demo data into DATA_DIR on first start and reads it back after a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-'));
    dirs.push(dir);
    expect((await new EmbeddedPortal(dir).school('100002')).name).toBe('Voorbeeld College');
    expect((await new EmbeddedPortal(dir).cart('100002'))!.status).toBe('ordered');
  });

  it('hands out read-only data: a caller cannot change the cart another conversation sees', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-'));
    dirs.push(dir);
    const portal = new EmbeddedPortal(dir);
    const cart = (await portal.cart('100001'))!;
    expect(() => {
      cart.lines[0].quantity = 1;
    }).toThrow(TypeError);
    expect((await portal.cart('100001'))!.lines[0].quantity).toBe(120);
  });
});
