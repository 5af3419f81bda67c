import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../config/logger.js';
import type { RateLimiter } from './rateLimiter.js';

/**
 * Refuses a conversation's messages beyond its rate before anything else runs: no state is read or written and
 * nothing reaches the transcript, so a flood changes nothing. The first refused message gets a polite answer.
 */
export class RateLimitMiddleware implements Middleware {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly logger: Logger,
    /** What the user reads once when refused (bot/templates/rateLimited.hbs). */
    private readonly refusedText: string,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const limit =
      context.activity.type === 'message' ? await this.limiter.check(context.activity.conversation.id) : 'allow';
    if (limit === 'allow') return next();
    this.logger.warn({ conversationId: context.activity.conversation.id }, 'rate limited');
    if (limit === 'warn') await context.sendActivity(this.refusedText);
  }
}
