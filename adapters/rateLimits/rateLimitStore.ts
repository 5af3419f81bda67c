/** `allow`: go ahead; `warn`: refused, tell the user once; `drop`: refused again, stay quiet. */
export type RateDecision = 'allow' | 'warn' | 'drop';

/**
 * Per-key token buckets (a key is a conversation): a burst of `burst` messages, then `perMinute` a minute.
 * Embedded: in memory, per instance. STORE=azure: in a table, so a conversation's rate holds across instances.
 */
export interface RateLimitStore {
  /** Counts one message for `key` and says whether it may go ahead. */
  check(key: string, now?: number): Promise<RateDecision>;
  close(): void;
}

export interface RateLimitOptions {
  /** Messages per minute after the burst; 0 turns the limit off. */
  perMinute: number;
  /** @default 10 */
  burst?: number;
}

export interface Bucket {
  tokens: number;
  /** Milliseconds of the last refill. */
  at: number;
  warned: boolean;
}

/** The token bucket's arithmetic, shared by the implementations: refills `bucket` to `now` and takes one token. */
export function takeToken(
  bucket: Bucket | undefined,
  now: number,
  { perMinute, burst = 10 }: RateLimitOptions,
): { bucket: Bucket; decision: RateDecision } {
  const next = bucket ? { ...bucket } : { tokens: burst, at: now, warned: false };
  next.tokens = Math.min(burst, next.tokens + (Math.max(0, now - next.at) / 60_000) * perMinute);
  next.at = Math.max(next.at, now);
  if (next.tokens >= 1) {
    next.tokens -= 1;
    next.warned = false;
    return { bucket: next, decision: 'allow' };
  }
  if (next.warned) return { bucket: next, decision: 'drop' };
  next.warned = true;
  return { bucket: next, decision: 'warn' };
}
