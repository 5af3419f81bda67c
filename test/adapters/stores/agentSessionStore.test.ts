import { createHash } from 'node:crypto';
import { AgentAccounts } from '../../../adapters/agents/agentAccounts.js';
import type { AgentSession, AgentSessionStore } from '../../../adapters/agents/agentSessionStore.js';
import type { AgentStore } from '../../../adapters/agents/agentStore.js';
import { AzureAgentSessionStore } from '../../../adapters/agents/azureAgentSessionStore.js';
import { AzureAgentStore } from '../../../adapters/agents/azureAgentStore.js';
import { LowdbAgentSessionStore } from '../../../adapters/agents/lowdbAgentSessionStore.js';
import { LowdbAgentStore } from '../../../adapters/agents/lowdbAgentStore.js';
import { BACKENDS, useStoreBackends, type Backend } from '../../support/storeBackends.js';

const backends = useStoreBackends();

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const NOW = Date.parse('2026-11-20T10:00:00.000Z');
const session = (token: string, username: string, expiresInMs = 60_000): AgentSession => ({
  tokenHash: hash(token),
  username,
  credentialId: `cred-${username}`,
  createdAt: new Date(NOW).toISOString(),
  expiresAt: new Date(NOW + expiresInMs).toISOString(),
});

describe.each(BACKENDS)('AgentSessionStore (%s)', (backend: Backend) => {
  /** Two handles on one place (two instances, or the bot and the CLI), with the agent accounts beside them. */
  const open = (): Array<{ sessions: AgentSessionStore; agents: AgentStore }> => {
    const place = backends.place();
    return [0, 1].map(() =>
      backend === 'embedded'
        ? { sessions: new LowdbAgentSessionStore(place.dataDir), agents: new LowdbAgentStore(place.dataDir) }
        : { sessions: new AzureAgentSessionStore(place.tables), agents: new AzureAgentStore(place.tables) },
    );
  };

  it('finds a session by its token hash through either handle, and forgets it when it ends', async () => {
    const [a, b] = open().map((h) => h.sessions);
    await a.create(session('token-1', 'sanne'));
    expect(await b.get(hash('token-1'))).toEqual(session('token-1', 'sanne'));
    expect(await b.get(hash('token-2'))).toBeUndefined();
    expect(await b.get('not a hash/#?')).toBeUndefined();
    await b.remove(hash('token-1'));
    await b.remove(hash('token-1'));
    expect(await a.get(hash('token-1'))).toBeUndefined();
  });

  it('ends every session of one agent, and only theirs', async () => {
    const [a, b] = open().map((h) => h.sessions);
    await Promise.all([
      a.create(session('s1', 'sanne')),
      b.create(session('s2', 'sanne')),
      a.create(session('p1', 'piet')),
    ]);
    expect(await b.removeForAgent('sanne')).toBe(2);
    expect(await a.removeForAgent('sanne')).toBe(0);
    expect(await a.removeForAgent("o'brien")).toBe(0);
    expect(await a.get(hash('s2'))).toBeUndefined();
    expect(await a.get(hash('p1'))).toEqual(session('p1', 'piet'));
  });

  it('prunes expired sessions and those the rule says to drop', async () => {
    const [a, b] = open().map((h) => h.sessions);
    await a.create(session('old', 'sanne', -1000));
    await a.create(session('fresh', 'sanne'));
    await b.create(session('removed-agent', 'piet'));
    const now = new Date(NOW);
    expect(await b.prune(now, (s) => s.username !== 'piet')).toBe(2);
    expect(await a.prune(now)).toBe(0);
    expect(await a.get(hash('old'))).toBeUndefined();
    expect(await a.get(hash('removed-agent'))).toBeUndefined();
    expect(await a.get(hash('fresh'))).toEqual(session('fresh', 'sanne'));
    // Later everything has expired.
    expect(await a.prune(new Date(NOW + 120_000))).toBe(1);
  });

  it('lets AgentAccounts on one handle accept a session started on the other, until it expires or the password is reset', async () => {
    const [one, two] = open().map((h) => new AgentAccounts(h.agents, h.sessions, 60_000));
    await one.setPassword('sanne', 'een lang genoeg wachtwoord', { name: 'Sanne' });
    const started = new Date();
    const { token } = await two.startSession('sanne', started);
    expect((await one.sessionFor(token, started))?.name).toBe('Sanne');
    // Expired: refused, and its row goes.
    const later = new Date(started.getTime() + 60_001);
    expect(await one.sessionFor(token, later)).toBeUndefined();
    expect(await two.sessionFor(token, started)).toBeUndefined();

    const second = await one.startSession('sanne');
    expect((await two.sessionFor(second.token))?.username).toBe('sanne');
    await two.reset('sanne');
    expect(await one.sessionFor(second.token)).toBeUndefined();
  });
});
