import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  AgentExistsError,
  UnknownAgentError,
  type AgentRecord,
  type AgentStore,
} from '../../../adapters/agents/agentStore.js';
import { AzureAgentStore } from '../../../adapters/agents/azureAgentStore.js';
import { LowdbAgentStore } from '../../../adapters/agents/lowdbAgentStore.js';
import { BACKENDS, useStoreBackends, type Backend } from '../../support/storeBackends.js';

const backends = useStoreBackends();
const run = promisify(execFile);

const record = (username: string, extra: Partial<AgentRecord> = {}): AgentRecord => ({
  username,
  name: username[0].toUpperCase() + username.slice(1),
  mustChangePassword: true,
  createdAt: '2026-11-20T10:00:00.000Z',
  passwordHash: `scrypt$16384$8$1$salt$${username}`,
  credentialId: `cred-${username}`,
  ...extra,
});

describe.each(BACKENDS)('AgentStore (%s)', (backend: Backend) => {
  /** Two handles on one store, as two instances (or the bot and `npm run agents`) have. */
  const open = (): [AgentStore, AgentStore] => {
    const place = backends.place();
    return backend === 'embedded'
      ? [new LowdbAgentStore(place.dataDir), new LowdbAgentStore(place.dataDir)]
      : [new AzureAgentStore(place.tables), new AzureAgentStore(place.tables)];
  };

  it('creates, reads, updates and removes accounts, and each handle sees what the other wrote', async () => {
    const [a, b] = open();
    expect(await a.list()).toEqual([]);
    await a.create(record('sanne'));
    await a.create(record('piet', { mustChangePassword: false }));
    expect(await b.get('sanne')).toEqual(record('sanne'));
    expect((await b.list()).map((r) => r.username).sort()).toEqual(['piet', 'sanne']);

    const updated = await b.update('sanne', {
      passwordHash: 'scrypt$new',
      credentialId: 'cred-2',
      mustChangePassword: false,
    });
    expect(updated).toEqual(
      record('sanne', { passwordHash: 'scrypt$new', credentialId: 'cred-2', mustChangePassword: false }),
    );
    expect(await a.get('sanne')).toEqual(updated);
    expect(await a.update('sanne', { name: 'Sanne-Marie' })).toEqual({ ...updated, name: 'Sanne-Marie' });

    expect(await a.remove('piet')).toBe(true);
    expect(await b.remove('piet')).toBe(false);
    expect(await b.get('piet')).toBeUndefined();
    await expect(b.update('piet', { name: 'Piet' })).rejects.toBeInstanceOf(UnknownAgentError);
    expect((await b.list()).map((r) => r.username)).toEqual(['sanne']);
  });

  it('refuses a username that is taken, also when two handles create it at once', async () => {
    const [a, b] = open();
    await a.create(record('sanne'));
    await expect(b.create(record('sanne', { name: 'Other' }))).rejects.toBeInstanceOf(AgentExistsError);

    const results = await Promise.allSettled([
      a.create(record('noor', { credentialId: 'from-a' })),
      b.create(record('noor', { credentialId: 'from-b' })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AgentExistsError);
    const winner = results[0].status === 'fulfilled' ? 'from-a' : 'from-b';
    expect((await a.get('noor'))?.credentialId).toBe(winner);
    expect(await b.list()).toHaveLength(2);
  });

  it('keeps both of two updates made at once through two handles', async () => {
    const [a, b] = open();
    await a.create(record('sanne'));
    await Promise.all([a.update('sanne', { name: 'Sanne' }), b.update('sanne', { passwordHash: 'scrypt$new' })]);
    expect(await a.get('sanne')).toEqual(record('sanne', { name: 'Sanne', passwordHash: 'scrypt$new' }));
  });

  it('answers "no such agent" for any login name, however odd', async () => {
    const [a] = open();
    for (const name of ['', 'a/b', 'x#?\\', "o'brien", 'ü'.repeat(300)]) expect(await a.get(name)).toBeUndefined();
    expect(await a.remove('a/b')).toBe(false);
  });
});

describe('npm run agents with STORE=azure', () => {
  it('manages the shared accounts that the instances read', async () => {
    const { tables, dataDir } = backends.place();
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'cli/agents.ts', ...args], {
        env: {
          ...process.env,
          STORE: 'azure',
          AZURE_STORAGE_CONNECTION_STRING: tables.connectionString,
          AZURE_TABLE_PREFIX: tables.tablePrefix,
          DATA_DIR: dataDir,
          LOG_LEVEL: 'silent',
        },
      });
    const added = await cli('add', 'Sanne', '--name', 'Sanne');
    expect(added.stdout).toMatch(/^Added agent sanne \(Sanne\)\./);
    const shared = new AzureAgentStore(tables);
    expect(await shared.get('sanne')).toEqual(expect.objectContaining({ name: 'Sanne', mustChangePassword: true }));
    expect((await cli('list')).stdout).toMatch(/^USERNAME +NAME .*\nsanne +Sanne +yes /);
    await shared.create(record('piet'));
    expect((await cli('remove', 'piet')).stdout).toBe('Removed agent piet; 0 console session(s) ended.\n');
    expect((await shared.list()).map((r) => r.username)).toEqual(['sanne']);
  }, 60_000);
});
