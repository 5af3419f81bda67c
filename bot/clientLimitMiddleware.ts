import type { Middleware, TurnContext } from 'botbuilder';
import { QueueLimitError } from '../adapters/handoff/handoffStore.js';
import { TicketLimitError } from '../adapters/tickets/ticketLimits.js';
import type { Logger } from '../config/logger.js';
import type { TemplateRenderer } from '../messages/templateRenderer.js';

/**
 * Turns a limit per client (tickets per visitor/address, queued conversations per address), reached somewhere in
 * the turn, into a short Dutch explanation instead of the generic "something went wrong". Nothing was filed or
 * queued; the turn's state is not saved, so the user can try again later or type "stop".
 */
export class ClientLimitMiddleware implements Middleware {
  constructor(
    private readonly templates: TemplateRenderer,
    private readonly logger: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    try {
      await next();
    } catch (thrown) {
      const err = unwrap(thrown);
      const limit = err instanceof TicketLimitError ? 'tickets' : err instanceof QueueLimitError ? 'queue' : undefined;
      if (!limit) throw thrown;
      this.logger.warn(
        {
          conversationId: context.activity.conversation?.id,
          limit,
          scope: err instanceof TicketLimitError ? err.scope : 'address',
        },
        'client limit reached',
      );
      await context.sendActivity(this.templates.render('clientLimit', { limit }));
    }
  }
}

/** botbuilder-dialogs wraps what a dialog throws in a DialogContextError (the original in `.error`), maybe twice. */
function unwrap(err: unknown): unknown {
  let current = err;
  for (let i = 0; i < 5 && current instanceof Error && current.name === 'DialogContextError'; i++)
    current = (current as Error & { error?: unknown }).error;
  return current;
}
