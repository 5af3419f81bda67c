import type { PrivacyService } from '../adapters/privacy/privacyService.js';
import type { Logger } from '../config/logger.js';

/** Deletes expired data (RETENTION_DAYS_*) at start and every 12 hours; stopping waits for a purge in flight. */
export class RetentionSchedule {
  private timer: NodeJS.Timeout | undefined;
  /** The purge in flight, if any: stop() waits for it, so no write outlives the app. */
  private purging: Promise<unknown> | undefined;

  constructor(
    private readonly privacy: PrivacyService | undefined,
    private readonly logger: Logger,
    private readonly intervalMs = 12 * 60 * 60 * 1000,
  ) {}

  start(): void {
    if (!this.privacy) return;
    this.purge();
    this.timer = setInterval(() => this.purge(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.purging;
  }

  private purge(): void {
    this.purging = this.privacy
      ?.purgeExpired()
      .then((n) => this.logger.info(n, 'retention: expired data deleted'))
      .catch((err: Error) => this.logger.error({ err }, 'retention purge failed'));
  }
}
