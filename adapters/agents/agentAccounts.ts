import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AgentSession, AgentSessionStore } from './agentSessionStore.js';
import {
  AgentExistsError,
  UnknownAgentError,
  type AgentAccount,
  type AgentRecord,
  type AgentStore,
} from './agentStore.js';
import { generatePassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PasswordHasher } from './passwords.js';

export { AgentExistsError, UnknownAgentError };

const USERNAME = /^[a-z0-9._-]{2,40}$/;
/** A first name: letters (any script), with spaces, hyphens, apostrophes or dots between them; 1-40 characters. */
const NAME = /^\p{L}[\p{L}\p{M}' .-]{0,39}$/u;
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** The account a fresh install starts with; users read it as "een medewerker van de servicedesk". */
export const INITIAL_AGENT = 'servicedesk';

/** A username or name that does not meet the rules; the message says which rule. */
export class InvalidAgentInputError extends Error {}

/** A new password refused: too short, too long, or the same as the current one. */
export class PasswordRuleError extends Error {
  constructor(readonly rule: 'too-short' | 'too-long' | 'same-as-old') {
    super(
      rule === 'too-short'
        ? `a password needs at least ${MIN_PASSWORD_LENGTH} characters`
        : rule === 'too-long'
          ? `a password has at most ${MAX_PASSWORD_LENGTH} characters`
          : 'the new password must differ from the current one',
    );
  }
}

const account = ({ username, name, mustChangePassword, createdAt }: AgentRecord): AgentAccount => ({
  username,
  name,
  mustChangePassword,
  createdAt,
});
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The rules for agent accounts and their console sessions, over an AgentStore and an AgentSessionStore: used by
 * the bot (login, forced password change) and by `npm run agents` (add, reset, remove, list).
 *
 * A session is valid while it has not expired, its agent exists, and the agent's password is the one it was
 * started with (credentialId): removing or resetting an agent ends their sessions even in a bot that runs while
 * the CLI changes the files.
 */
export class AgentAccounts {
  private readonly hasher = new PasswordHasher();

  constructor(
    private readonly store: AgentStore,
    private readonly sessions: AgentSessionStore,
    private readonly sessionTtlMs = SESSION_TTL_MS,
  ) {}

  /** Lower case and trimmed, or InvalidAgentInputError. */
  static username(input: string): string {
    const username = input.trim().toLowerCase();
    if (!USERNAME.test(username))
      throw new InvalidAgentInputError(
        `invalid username "${input}": use 2-40 characters: letters a-z, digits, dot, underscore or hyphen`,
      );
    return username;
  }

  static displayName(input: string): string {
    const name = input.trim().replace(/\s+/g, ' ');
    if (!NAME.test(name))
      throw new InvalidAgentInputError(
        `invalid name "${input}": use the agent's first name, 1-40 letters (spaces, hyphens, apostrophes and dots allowed)`,
      );
    return name;
  }

  async list(): Promise<AgentAccount[]> {
    return (await this.store.list()).map(account).sort((a, b) => a.username.localeCompare(b.username));
  }

  async get(username: string): Promise<AgentAccount | undefined> {
    const record = await this.store.get(username);
    return record && account(record);
  }

  /** A new account with a random password, to be shown once; the agent must change it at first login. */
  async add(usernameInput: string, nameInput: string): Promise<{ account: AgentAccount; password: string }> {
    const username = AgentAccounts.username(usernameInput);
    const name = AgentAccounts.displayName(nameInput);
    if (await this.store.get(username)) throw new AgentExistsError(username);
    const password = generatePassword();
    const record: AgentRecord = {
      username,
      name,
      mustChangePassword: true,
      createdAt: new Date().toISOString(),
      passwordHash: await this.hasher.hash(password),
      credentialId: randomUUID(),
    };
    await this.store.create(record);
    return { account: account(record), password };
  }

  /** A new random password (shown once, must be changed at the next login); the agent's sessions end. */
  async reset(usernameInput: string): Promise<{ account: AgentAccount; password: string }> {
    const username = usernameInput.trim().toLowerCase();
    if (!(await this.store.get(username))) throw new UnknownAgentError(username);
    const password = generatePassword();
    const record = await this.store.update(username, {
      passwordHash: await this.hasher.hash(password),
      credentialId: randomUUID(),
      mustChangePassword: true,
    });
    await this.sessions.removeForAgent(username);
    return { account: account(record), password };
  }

  /** Removes the account and ends its sessions; returns how many sessions ended. */
  async remove(usernameInput: string): Promise<number> {
    const username = usernameInput.trim().toLowerCase();
    if (!(await this.store.remove(username))) throw new UnknownAgentError(username);
    return this.sessions.removeForAgent(username);
  }

  /**
   * Creates or replaces an account with a known password, no change required (tests and scripts that set an agent
   * up). The name defaults to the username.
   */
  async setPassword(usernameInput: string, password: string, options: { name?: string } = {}): Promise<void> {
    const username = AgentAccounts.username(usernameInput);
    if (password.length < MIN_PASSWORD_LENGTH) throw new PasswordRuleError('too-short');
    const name = options.name === undefined ? undefined : AgentAccounts.displayName(options.name);
    const changes = { passwordHash: await this.hasher.hash(password), credentialId: randomUUID() };
    if (await this.store.get(username)) {
      await this.store.update(username, { ...changes, mustChangePassword: false, ...(name ? { name } : {}) });
      await this.sessions.removeForAgent(username);
      return;
    }
    await this.store.create({
      username,
      name: name ?? username,
      mustChangePassword: false,
      createdAt: new Date().toISOString(),
      ...changes,
    });
  }

  /**
   * On a fresh install (no agents): creates `servicedesk` with a random password and returns it, to be shown once;
   * it must be changed at first login. Undefined when agents exist. There is never a fixed default password.
   */
  async ensureInitialAgent(): Promise<{ username: string; password: string } | undefined> {
    if ((await this.store.list()).length > 0) return undefined;
    try {
      const { password } = await this.add(INITIAL_AGENT, 'Servicedesk');
      return { username: INITIAL_AGENT, password };
    } catch (err) {
      if (err instanceof AgentExistsError) return undefined; // another process was first
      throw err;
    }
  }

  /**
   * The account when the password is right, else undefined; the same work for unknown users. Rejects with
   * QueueFullError when too many checks are waiting already.
   */
  async verify(usernameInput: string, password: string): Promise<AgentAccount | undefined> {
    const record = await this.store.get(usernameInput.trim().toLowerCase());
    const valid = await this.hasher.verify(password, record?.passwordHash);
    return valid && record ? account(record) : undefined;
  }

  /**
   * The agent's own new password: at least MIN_PASSWORD_LENGTH characters and not the current one (else
   * PasswordRuleError). Clears mustChangePassword and ends every session of the agent: the caller starts a new one.
   */
  async changePassword(username: string, newPassword: string): Promise<AgentAccount> {
    if (newPassword.length < MIN_PASSWORD_LENGTH) throw new PasswordRuleError('too-short');
    if (newPassword.length > MAX_PASSWORD_LENGTH) throw new PasswordRuleError('too-long');
    const record = await this.store.get(username);
    if (!record) throw new UnknownAgentError(username);
    if (await this.hasher.verify(newPassword, record.passwordHash)) throw new PasswordRuleError('same-as-old');
    const updated = await this.store.update(username, {
      passwordHash: await this.hasher.hash(newPassword),
      credentialId: randomUUID(),
      mustChangePassword: false,
    });
    await this.sessions.removeForAgent(username);
    return account(updated);
  }

  /** A new session: the token goes to the browser (a cookie), only its SHA-256 to the store. */
  async startSession(username: string, now = new Date()): Promise<{ token: string; maxAgeSeconds: number }> {
    const record = await this.store.get(username);
    if (!record) throw new UnknownAgentError(username);
    const token = randomBytes(32).toString('base64url');
    await this.sessions.create({
      tokenHash: hashToken(token),
      username,
      credentialId: record.credentialId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.sessionTtlMs).toISOString(),
    });
    return { token, maxAgeSeconds: Math.floor(this.sessionTtlMs / 1000) };
  }

  /** The account behind a session token, if the session is still valid; an invalid one is removed. */
  async sessionFor(token: string | undefined, now = new Date()): Promise<AgentAccount | undefined> {
    if (!token || token.length > 200) return undefined;
    const tokenHash = hashToken(token);
    const session = await this.sessions.get(tokenHash);
    if (!session) return undefined;
    const record = await this.store.get(session.username);
    if (!record || !this.valid(session, record, now)) {
      await this.sessions.remove(tokenHash);
      return undefined;
    }
    return account(record);
  }

  async endSession(token: string | undefined): Promise<void> {
    if (token) await this.sessions.remove(hashToken(token));
  }

  /** Drops expired sessions and those of removed or reset agents; returns how many went. */
  async pruneSessions(now = new Date()): Promise<number> {
    const records = new Map((await this.store.list()).map((r) => [r.username, r]));
    return this.sessions.prune(now, (s) => {
      const record = records.get(s.username);
      return Boolean(record) && this.valid(s, record!, now);
    });
  }

  private valid(session: AgentSession, record: AgentRecord, now: Date): boolean {
    return Date.parse(session.expiresAt) > now.getTime() && session.credentialId === record.credentialId;
  }
}
