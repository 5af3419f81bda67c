/** The rate limit the bot checks per conversation: a store (adapters/rateLimits), in memory or shared in Azure. */
export type { RateLimitStore as RateLimiter, RateDecision } from '../adapters/rateLimits/rateLimitStore.js';
