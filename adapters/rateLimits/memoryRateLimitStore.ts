import {
  takeToken,
  type Bucket,
  type RateDecision,
  type RateLimitOptions,
  type RateLimitStore,
} from './rateLimitStore.js';

/**
 * Per-conversation token buckets in this process (STORE=lowdb: one instance). People type far slower; a script
 * flooding one conversation gets a polite answer instead of the bot's (and the portal's) time.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: RateLimitOptions) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  async check(key: string, now = Date.now()): Promise<RateDecision> {
    if (this.options.perMinute <= 0) return 'allow';
    const { bucket, decision } = takeToken(this.buckets.get(key), now, this.options);
    this.buckets.set(key, bucket);
    return decision;
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const idle = Date.now() - 10 * 60_000;
    for (const [key, bucket] of this.buckets) if (bucket.at < idle) this.buckets.delete(key);
  }
}
