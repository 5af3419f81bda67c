/** Failed attempts for one username from one address before further ones are slowed down. */
const FREE_FAILURES_PER_USER = 3;
/** Failed attempts from one address, whatever the username, before that address is slowed down. */
const FREE_FAILURES_PER_ADDRESS = 20;
const MAX_LOCK_MS = 5 * 60 * 1000;
/** A quiet quarter of an hour forgives earlier failures. */
const FORGET_AFTER_MS = 15 * 60 * 1000;

interface Failures {
  count: number;
  lockedUntil: number;
  last: number;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Login throttling for the agent console, in memory (a restart forgets it). Sessions themselves are in
 * AgentAccounts and its session store, so they survive a restart.
 *
 * Throttling is per (username, client address), with a ceiling per address: someone guessing `servicedesk`'s
 * password from one address slows down only their own attempts, never the real agent logging in from elsewhere,
 * and an address trying many usernames hits its own ceiling. An attempt counts as failed when it is admitted,
 * before the password hash is computed, so a burst of concurrent guesses is cut off after the free ones instead
 * of all being checked; a successful login takes its count back.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  /** Admits a login attempt (and counts it as failed until {@link succeeded}), or says how long to wait. */
  admit(username: string, address: string, now = Date.now()): Admission {
    const keys = this.keys(username, address);
    const wait = Math.max(this.lockedFor(keys.address, now), this.lockedFor(keys.user, now));
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    this.fail(keys.user, FREE_FAILURES_PER_USER, now);
    this.fail(keys.address, FREE_FAILURES_PER_ADDRESS, now);
    return { allowed: true };
  }

  /** The password was right: the username's failures from this address are forgiven, the address's count taken back. */
  succeeded(username: string, address: string): void {
    const keys = this.keys(username, address);
    this.failures.delete(keys.user);
    const entry = this.failures.get(keys.address);
    if (entry) entry.count = Math.max(0, entry.count - 1);
  }

  /** The attempt was never checked (the hashing queue was full): it does not count. */
  notChecked(username: string, address: string): void {
    const keys = this.keys(username, address);
    for (const key of [keys.user, keys.address]) {
      const entry = this.failures.get(key);
      if (entry) entry.count = Math.max(0, entry.count - 1);
    }
  }

  private keys(username: string, address: string) {
    return { user: `user:${username.toLowerCase()}|${address}`, address: `address:${address}` };
  }

  private lockedFor(key: string, now: number): number {
    const entry = this.failures.get(key);
    if (!entry) return 0;
    if (now - entry.last > FORGET_AFTER_MS) {
      this.failures.delete(key);
      return 0;
    }
    return Math.max(0, entry.lockedUntil - now);
  }

  private fail(key: string, free: number, now: number): void {
    if (this.failures.size > 10_000) this.forgetOld(now);
    const entry = this.failures.get(key) ?? { count: 0, lockedUntil: 0, last: now };
    entry.count += 1;
    entry.last = now;
    if (entry.count > free) entry.lockedUntil = now + Math.min(1000 * 2 ** (entry.count - free - 1), MAX_LOCK_MS);
    this.failures.set(key, entry);
  }

  private forgetOld(now: number): void {
    for (const [key, entry] of this.failures) if (now - entry.last > FORGET_AFTER_MS) this.failures.delete(key);
  }
}
