/**
 * Per-conversation token bucket: a burst of `burst` messages, then `perMinute` a minute. People type far
 * slower; a script flooding one conversation gets a polite answer instead of the bot's (and the portal's) time.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; warned: boolean }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly perMinute: number,
    private readonly burst = 10,
  ) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  /** `allow`: go ahead; `warn`: refused, tell the user once; `drop`: refused again, stay quiet. */
  check(key: string, now = Date.now()): 'allow' | 'warn' | 'drop' {
    if (this.perMinute <= 0) return 'allow';
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now, warned: false };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.warned = false;
      return 'allow';
    }
    if (bucket.warned) return 'drop';
    bucket.warned = true;
    return 'warn';
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const idle = Date.now() - 10 * 60_000;
    for (const [key, bucket] of this.buckets) if (bucket.at < idle) this.buckets.delete(key);
  }
}
