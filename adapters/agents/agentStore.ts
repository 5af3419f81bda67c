import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { JsonFileStore } from '../lowdbFile.js';
import { ConcurrencyLimit } from './concurrencyLimit.js';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number },
) => Promise<Buffer>;
/** scrypt parameters (N=2^15, r=8, p=1): about 50 ms per check here, which is the point. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;
/**
 * One scrypt at a time, at most 8 waiting (about 0.5 s of work). scrypt runs on libuv's thread pool of 4, which the
 * state and ticket writes need too: 100 concurrent wrong logins used to fill it and stall every chat turn for
 * seconds. Beyond the queue, `verify` rejects with QueueFullError and the console answers "busy".
 */
const MAX_CONCURRENT_HASHES = 1;
const MAX_QUEUED_HASHES = 8;

interface AgentRecord {
  username: string;
  /** scrypt$N$r$p$salt$hash, base64 */
  passwordHash: string;
  createdAt: string;
}

/** Servicedesk agent accounts in DATA_DIR/agents.json; only scrypt hashes are stored. */
export class AgentStore {
  private readonly store: JsonFileStore<{ agents: AgentRecord[] }>;
  private readonly hashing = new ConcurrencyLimit(MAX_CONCURRENT_HASHES, MAX_QUEUED_HASHES);

  constructor(dataDir: string) {
    this.store = new JsonFileStore(path.join(dataDir, 'agents.json'), { agents: [] as AgentRecord[] });
  }

  async count(): Promise<number> {
    return (await this.store.read()).agents.length;
  }

  /** Creates or replaces an agent's password. */
  async setPassword(username: string, password: string): Promise<void> {
    if (!/^[a-z0-9._-]{2,40}$/i.test(username))
      throw new Error(`AgentStore: invalid username "${username}" (2-40 letters, digits, . _ -)`);
    if (password.length < 12) throw new Error('AgentStore: passwords must have at least 12 characters');
    const salt = randomBytes(16);
    const hash = await scrypt(password, salt, KEY_LENGTH, SCRYPT);
    const passwordHash = [
      'scrypt',
      SCRYPT.N,
      SCRYPT.r,
      SCRYPT.p,
      salt.toString('base64'),
      hash.toString('base64'),
    ].join('$');
    await this.store.update((data) => {
      data.agents = data.agents.filter((a) => a.username !== username);
      data.agents.push({ username, passwordHash, createdAt: new Date().toISOString() });
    });
  }

  /**
   * On a fresh install: creates agent `servicedesk` with a random password and returns it, so it can be shown
   * once. Returns undefined when agents exist. There is never a fixed default password.
   */
  async ensureInitialAgent(): Promise<{ username: string; password: string } | undefined> {
    if ((await this.count()) > 0) return undefined;
    const password = randomBytes(18).toString('base64url');
    await this.setPassword('servicedesk', password);
    return { username: 'servicedesk', password };
  }

  /**
   * True when the password is right; constant-time comparison, and the same work for unknown users.
   * Rejects with QueueFullError when too many checks are waiting already.
   */
  async verify(username: string, password: string): Promise<boolean> {
    const record = (await this.store.read()).agents.find((a) => a.username === username);
    const [, n, r, p, salt, hash] = (
      record?.passwordHash ??
      `scrypt$${SCRYPT.N}$8$1$${randomBytes(16).toString('base64')}$${randomBytes(KEY_LENGTH).toString('base64')}`
    ).split('$');
    const expected = Buffer.from(hash, 'base64');
    const actual = await this.hashing.run(() =>
      scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
        N: Number(n),
        r: Number(r),
        p: Number(p),
        maxmem: SCRYPT.maxmem,
      } as typeof SCRYPT),
    );
    return Boolean(record) && timingSafeEqual(expected, actual);
  }
}
