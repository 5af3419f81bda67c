import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AgentAccounts } from '../../adapters/agents/agentAccounts.js';
import { LowdbAgentSessionStore } from '../../adapters/agents/lowdbAgentSessionStore.js';
import { LowdbAgentStore } from '../../adapters/agents/lowdbAgentStore.js';
import { AgentClient } from '../support/agentClient.js';
import { BotProcess } from '../support/botProcess.js';
import { Chat, texts } from '../support/transcript.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const run = promisify(execFile);

/** `npm run --silent agents -- <args>` on a DATA_DIR, as an administrator runs it. */
async function agentsCli(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'agents', '--', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const passwordIn = (stdout: string) => /Password \([^)]*\): (\S+)/.exec(stdout)?.[1] ?? '';
const NEW_PASSWORD = 'mijn eigen lange wachtwoord';

describe('npm run agents', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-agents-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds, lists, resets and removes agents, with clear errors and exit codes', async () => {
    const added = await agentsCli(dataDir, 'add', 'Sanne', '--name', 'Sanne');
    expect(added).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    expect(added.stdout).toMatch(/^Added agent sanne \(Sanne\)\./);
    expect(passwordIn(added.stdout)).toMatch(/^[A-Za-z0-9_-]{24}$/);

    // The refusals change nothing, so they run side by side.
    const [duplicate, badName, badUsername, noName, unknownCommand, resetUnknown, removeUnknown] = await Promise.all([
      agentsCli(dataDir, 'add', 'sanne', '--name', 'Sanne'),
      agentsCli(dataDir, 'add', 'piet', '--name', '<script>'),
      agentsCli(dataDir, 'add', 'p', '--name', 'Piet'),
      agentsCli(dataDir, 'add', 'piet'),
      agentsCli(dataDir, 'frobnicate'),
      agentsCli(dataDir, 'reset', 'nobody'),
      agentsCli(dataDir, 'remove', 'nobody'),
    ]);
    expect(duplicate).toEqual(
      expect.objectContaining({ code: 1, stderr: 'error: an agent with username "sanne" exists already\n' }),
    );
    expect(badName.code).toBe(1);
    expect(badName.stderr).toMatch(/^error: invalid name "<script>"/);
    expect(badUsername.code).toBe(1);
    expect(badUsername.stderr).toMatch(/^error: invalid username "p"/);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toMatch(/^error: add needs --name <first name>\nUsage: npm run agents/);
    expect(unknownCommand.code).toBe(2);
    expect(resetUnknown).toEqual(
      expect.objectContaining({ code: 1, stderr: 'error: no agent with username "nobody"\n' }),
    );
    expect(removeUnknown.code).toBe(1);

    expect((await agentsCli(dataDir, 'add', 'piet.jan', '--name', 'Piet-Jan')).code).toBe(0);
    const list = await agentsCli(dataDir, 'list');
    expect(list.code).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(list.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^USERNAME\s+NAME\s+PASSWORD CHANGE PENDING\s+CREATED$/),
      expect.stringMatching(new RegExp(`^piet\\.jan\\s+Piet-Jan\\s+yes\\s+${today}$`)),
      expect.stringMatching(new RegExp(`^sanne\\s+Sanne\\s+yes\\s+${today}$`)),
    ]);
    expect(list.stdout).not.toMatch(/scrypt|\$/);

    const reset = await agentsCli(dataDir, 'reset', 'piet.jan');
    expect(reset.code).toBe(0);
    expect(passwordIn(reset.stdout)).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(passwordIn(reset.stdout)).not.toBe(passwordIn(added.stdout));
    expect(await agentsCli(dataDir, 'remove', 'piet.jan')).toEqual(
      expect.objectContaining({ code: 0, stdout: 'Removed agent piet.jan; 0 console session(s) ended.\n' }),
    );
    expect((await agentsCli(dataDir, 'list')).stdout).not.toMatch(/piet/);
  }, 240_000);
});

describe('named agents in the console: first login, forced change, sessions on disk', () => {
  let dataDir: string;
  let t: TestApp | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-agents-'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs in with the printed password, allows only the change, then the console; the session survives a restart and ends with reset and remove', async () => {
    t = await startTestApp({ DATA_DIR: dataDir, SERVICEDESK_HOURS: 'altijd' });
    // The administrator adds an agent while the bot runs.
    const added = await agentsCli(dataDir, 'add', 'sanne', '--name', 'Sanne');
    const first = passwordIn(added.stdout);

    const agent = new AgentClient(t.url);
    const login = await agent.login('sanne', first);
    expect(login.status).toBe(200);
    expect(await login.json()).toEqual({ agent: 'sanne', name: 'Sanne', mustChangePassword: true });

    // Nothing but the change (and /me, logout) until it is done.
    for (const [method, route] of [
      ['GET', '/handoffs'],
      ['GET', '/events'],
      ['POST', '/handoffs/x/take'],
    ]) {
      const res = await agent.request(method, route);
      expect([route, res.status]).toEqual([route, 403]);
      expect(await res.json()).toEqual({ error: 'password change required', mustChangePassword: true });
    }
    expect(await (await agent.request('GET', '/me')).json()).toEqual(
      expect.objectContaining({ mustChangePassword: true }),
    );

    const refused = async (body: Record<string, string>) => {
      const res = await agent.request('POST', '/password', body);
      return [res.status, ((await res.json()) as { rule: string }).rule];
    };
    expect(await refused({ newPassword: 'te kort', repeatPassword: 'te kort' })).toEqual([400, 'too-short']);
    expect(await refused({ newPassword: first, repeatPassword: first })).toEqual([400, 'same-as-old']);
    expect(await refused({ newPassword: NEW_PASSWORD, repeatPassword: `${NEW_PASSWORD}!` })).toEqual([
      400,
      'repeat-differs',
    ]);

    const before = agent.sessionToken;
    const changed = await agent.request('POST', '/password', {
      newPassword: NEW_PASSWORD,
      repeatPassword: NEW_PASSWORD,
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ agent: 'sanne', name: 'Sanne', mustChangePassword: false });
    expect(agent.sessionToken).not.toBe(before); // a new session after the change; the old one is gone
    const stale = new AgentClient(t.url);
    expect((await stale.login('sanne', first)).status).toBe(401);
    expect((await agent.request('GET', '/handoffs')).status).toBe(200);
    expect((await agent.request('POST', '/password', { newPassword: `${NEW_PASSWORD}?` })).status).toBe(409);

    // The console is usable, and users read the agent's first name.
    const user = new Chat(t, { as: 'anna' });
    await user.say('kan ik een medewerker spreken');
    const { handoffs } = (await (await agent.request('GET', '/handoffs')).json()) as {
      handoffs: Array<{ id: string }>;
    };
    expect((await agent.request('POST', `/handoffs/${handoffs[0].id}/take`)).status).toBe(200);
    expect(texts(t.collector.take(user.conversationId))).toMatch(/Je spreekt nu met Sanne van de servicedesk\./);
    await agent.request('POST', `/handoffs/${handoffs[0].id}/messages`, { text: 'Hoi Anna!' });
    const [message] = t.collector.take(user.conversationId);
    expect(message.from).toEqual(expect.objectContaining({ name: 'Sanne van de servicedesk' }));

    // What is stored: token hashes and scrypt hashes, never a token or a password.
    const sessionsFile = readFileSync(path.join(dataDir, 'agent-sessions.json'), 'utf8');
    const agentsFile = readFileSync(path.join(dataDir, 'agents.json'), 'utf8');
    expect(JSON.parse(sessionsFile).sessions).toHaveLength(1);
    for (const secret of [agent.sessionToken, before, first, NEW_PASSWORD])
      for (const file of [sessionsFile, agentsFile]) expect(file).not.toContain(secret);

    // A restart keeps the session.
    await t.close();
    t = await startTestApp({ DATA_DIR: dataDir, SERVICEDESK_HOURS: 'altijd' });
    agent.baseUrl = t.url;
    expect(await (await agent.request('GET', '/me')).json()).toEqual({
      agent: 'sanne',
      name: 'Sanne',
      mustChangePassword: false,
    });

    // A reset ends it (the bot notices the CLI's change), and the new password must be changed again.
    const reset = await agentsCli(dataDir, 'reset', 'sanne');
    expect((await agent.request('GET', '/handoffs')).status).toBe(401);
    expect(await (await agent.login('sanne', passwordIn(reset.stdout))).json()).toEqual(
      expect.objectContaining({ mustChangePassword: true }),
    );
    expect((await agent.request('POST', '/password', { newPassword: NEW_PASSWORD })).status).toBe(200);
    expect((await agent.request('GET', '/handoffs')).status).toBe(200);

    // Removing the agent ends their session at once, and their sessions leave the file.
    const removed = await agentsCli(dataDir, 'remove', 'sanne');
    expect(removed.stdout).toBe('Removed agent sanne; 1 console session(s) ended.\n');
    expect((await agent.request('GET', '/me')).status).toBe(401);
    expect((await agent.login('sanne', NEW_PASSWORD)).status).toBe(401);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'agent-sessions.json'), 'utf8')).sessions).toEqual([]);
  }, 180_000);

  it('prunes expired sessions and those of agents removed behind its back', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'slb-agent-sessions-'));
    try {
      const sessions = new LowdbAgentSessionStore(dir);
      const accounts = new AgentAccounts(new LowdbAgentStore(dir), sessions, 1000);
      await accounts.setPassword('noor', NEW_PASSWORD, { name: 'Noor' });
      await accounts.setPassword('sem', NEW_PASSWORD, { name: 'Sem' });
      const now = new Date();
      const expiring = await accounts.startSession('noor', new Date(now.getTime() - 2000));
      const valid = await accounts.startSession('noor', now);
      await accounts.startSession('sem', now);
      expect(await accounts.sessionFor(expiring.token)).toBeUndefined();
      // Another process (a second store on the same file) removes `sem` without touching the sessions.
      await new LowdbAgentStore(dir).remove('sem');
      expect(await accounts.pruneSessions(now)).toBe(1);
      const left = JSON.parse(readFileSync(path.join(dir, 'agent-sessions.json'), 'utf8')).sessions;
      expect(left.map((s: { username: string }) => s.username)).toEqual(['noor']);
      expect((await accounts.sessionFor(valid.token))?.name).toBe('Noor');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads an agents.json from before named accounts: the username as name, no change pending, the password still valid', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'slb-agents-legacy-'));
    try {
      const accounts = new AgentAccounts(new LowdbAgentStore(dir), new LowdbAgentSessionStore(dir));
      await accounts.setPassword('servicedesk', NEW_PASSWORD);
      const file = path.join(dir, 'agents.json');
      const [current] = JSON.parse(readFileSync(file, 'utf8')).agents;
      const { username, passwordHash, createdAt } = current;
      writeFileSync(file, JSON.stringify({ agents: [{ username, passwordHash, createdAt }] }));
      const legacy = new AgentAccounts(new LowdbAgentStore(dir), new LowdbAgentSessionStore(dir));
      expect(await legacy.list()).toEqual([{ username, name: username, mustChangePassword: false, createdAt }]);
      expect(await legacy.verify('servicedesk', NEW_PASSWORD)).toEqual(expect.objectContaining({ username }));
      const { token } = await legacy.startSession('servicedesk');
      expect((await legacy.sessionFor(token))?.username).toBe('servicedesk');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('two stores on one agents.json (as the bot and the CLI) keep each other’s changes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'slb-agent-files-'));
    try {
      const [one, two] = [new LowdbAgentStore(dir), new LowdbAgentStore(dir)];
      await one.list(); // both have read the (empty) file
      await two.list();
      const record = (username: string) => ({
        username,
        name: username,
        mustChangePassword: false,
        createdAt: new Date().toISOString(),
        passwordHash: 'scrypt$1$1$1$x$y',
        credentialId: username,
      });
      await Promise.all(['a1', 'a2', 'a3'].map((u, i) => (i % 2 ? one : two).create(record(u))));
      await one.create(record('b1'));
      await two.create(record('b2'));
      expect((await one.list()).map((a) => a.username).sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
      await expect(two.create(record('b1'))).rejects.toThrow(/exists already/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a fresh install', () => {
  it('prints the servicedesk password once; it works and must be changed at the first login', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-agents-fresh-'));
    const bot = new BotProcess({ DATA_DIR: dataDir });
    try {
      const url = await bot.start();
      const password = /first login: servicedesk \/ (\S+)/.exec(bot.output)?.[1] ?? '';
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const agent = new AgentClient(url);
      expect(await (await agent.login('servicedesk', password)).json()).toEqual({
        agent: 'servicedesk',
        name: 'Servicedesk',
        mustChangePassword: true,
      });
      expect((await agent.request('GET', '/handoffs')).status).toBe(403);
      expect((await agent.request('POST', '/password', { newPassword: NEW_PASSWORD })).status).toBe(200);
      expect((await agent.request('GET', '/handoffs')).status).toBe(200);
      await bot.kill();
      // The second start shows no password.
      await bot.start();
      expect(bot.output).not.toMatch(/first login/);
    } finally {
      await bot.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
