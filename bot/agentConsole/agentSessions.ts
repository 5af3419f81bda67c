import { randomBytes } from 'node:crypto';

const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Failures allowed before logins for that user (or from that address) are slowed down. */
const FREE_FAILURES = 3;
const MAX_LOCK_MS = 5 * 60 * 1000;

/**
 * Agent sessions (random 256-bit tokens, kept in memory: a restart logs agents out) and login throttling:
 * after three failed attempts each further failure doubles a lock-out, from 1 s up to 5 minutes.
 */
export class AgentSessions {
  private readonly sessions = new Map<string, { agent: string; expires: number }>();
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  create(agent: string): string {
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(token, { agent, expires: Date.now() + SESSION_TTL_MS });
    return token;
  }

  agentFor(token: string | undefined): string | undefined {
    if (!token) return undefined;
    const session = this.sessions.get(token);
    if (!session || session.expires < Date.now()) {
      this.sessions.delete(token ?? '');
      return undefined;
    }
    return session.agent;
  }

  destroy(token: string | undefined): void {
    if (token) this.sessions.delete(token);
  }

  /** Milliseconds until another attempt for these keys is allowed (0 = now). */
  lockedFor(keys: string[]): number {
    const now = Date.now();
    return Math.max(0, ...keys.map((k) => (this.failures.get(k)?.lockedUntil ?? 0) - now));
  }

  recordFailure(keys: string[]): void {
    for (const key of keys) {
      const entry = this.failures.get(key) ?? { count: 0, lockedUntil: 0 };
      entry.count += 1;
      if (entry.count > FREE_FAILURES) entry.lockedUntil = Date.now() + Math.min(1000 * 2 ** (entry.count - FREE_FAILURES - 1), MAX_LOCK_MS);
      this.failures.set(key, entry);
    }
  }

  recordSuccess(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }
}
