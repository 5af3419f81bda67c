import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { ConcurrencyLimit } from './concurrencyLimit.js';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;
/** scrypt parameters (N=2^15, r=8, p=1): about 50 ms per check here, which is the point. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;
/**
 * One scrypt at a time, at most 8 waiting (about 0.5 s of work). scrypt runs on libuv's thread pool of 4, which the
 * state and ticket writes need too: 100 concurrent wrong logins used to fill it and stall every chat turn for
 * seconds. Beyond the queue, `verifyPassword` rejects with QueueFullError and the console answers "busy".
 */
const MAX_CONCURRENT_HASHES = 1;
const MAX_QUEUED_HASHES = 8;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 500;

/** Checks and hashes agent passwords with scrypt, one at a time (see MAX_CONCURRENT_HASHES). */
export class PasswordHasher {
  private readonly hashing = new ConcurrencyLimit(MAX_CONCURRENT_HASHES, MAX_QUEUED_HASHES);

  /** scrypt$N$r$p$salt$hash, base64. Not queued: only for passwords being set, never for login attempts. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const hash = await scrypt(password, salt, KEY_LENGTH, SCRYPT);
    return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), hash.toString('base64')].join('$');
  }

  /**
   * True when `password` matches `stored`; constant-time comparison. Without a stored hash (an unknown user) the
   * same work is done against a random one and the answer is false. Rejects with QueueFullError when too many
   * checks are waiting already.
   */
  async verify(password: string, stored: string | undefined): Promise<boolean> {
    const [, n, r, p, salt, hash] = (
      stored ??
      `scrypt$${SCRYPT.N}$8$1$${randomBytes(16).toString('base64')}$${randomBytes(KEY_LENGTH).toString('base64')}`
    ).split('$');
    const expected = Buffer.from(hash, 'base64');
    const actual = await this.hashing.run(() =>
      scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
        N: Number(n),
        r: Number(r),
        p: Number(p),
        maxmem: SCRYPT.maxmem,
      }),
    );
    return Boolean(stored) && timingSafeEqual(expected, actual);
  }
}

/** A strong random password to show once: 24 characters of base64url (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
