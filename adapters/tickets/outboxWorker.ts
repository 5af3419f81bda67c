import type { Logger } from 'pino';
import type { TicketMailer } from './ticketMailer.js';
import type { TicketOutbox, TicketStore } from './ticketStore.js';

export interface OutboxWorkerOptions {
  /** How often the outbox is checked. @default 5000 */
  intervalMs?: number;
  /** First retry delay; doubles per attempt up to maxRetryMs. @default 2000 */
  retryMs?: number;
  /** @default 300000 */
  maxRetryMs?: number;
  /** How long a claimed mail is left to the worker that claimed it before another may try. @default 120000 */
  claimMs?: number;
}

/**
 * Delivers queued ticket mails and retries failures with backoff. The outbox is durable (it lives beside the
 * tickets), so a mail server that is down, or a restart, delays a mail but never loses it. Each item is claimed
 * before it is sent, so workers in several instances never send the same mail twice.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly outbox: TicketOutbox,
    private readonly tickets: TicketStore,
    private readonly mailer: TicketMailer,
    private readonly logger: Logger,
    private readonly options: OutboxWorkerOptions = {},
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.runOnce(), this.options.intervalMs ?? 5000);
    this.timer.unref();
    void this.runOnce();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over what is due; concurrent calls share the pass in progress. */
  runOnce(): Promise<void> {
    // A store that cannot be reached (Azure) fails this pass only; the next one tries again.
    this.running ??= this.deliverDue()
      .catch((err: unknown) => this.logger.warn({ err }, 'outbox pass failed; will retry'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async deliverDue(): Promise<void> {
    for (const due of await this.outbox.due(new Date())) {
      // Several workers (instances) may see the same item due: only the one whose claim succeeds sends it.
      const now = new Date();
      const item = await this.outbox.claim(
        due.reference,
        now,
        new Date(now.getTime() + (this.options.claimMs ?? 120_000)),
      );
      if (!item) continue;
      const ticket = await this.tickets.get(item.reference);
      if (!ticket) continue;
      try {
        await this.mailer.send(ticket);
        await this.outbox.delivered(item.reference, new Date());
        this.logger.info({ reference: item.reference, attempts: item.attempts + 1 }, 'ticket mailed');
      } catch (err) {
        const delay = Math.min((this.options.retryMs ?? 2000) * 2 ** item.attempts, this.options.maxRetryMs ?? 300_000);
        await this.outbox.failed(item.reference, (err as Error).message, new Date(Date.now() + delay));
        this.logger.warn(
          { reference: item.reference, attempts: item.attempts + 1, retryInMs: delay, err },
          'ticket mail failed; will retry',
        );
      }
    }
  }
}
