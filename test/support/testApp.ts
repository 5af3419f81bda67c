import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createApp, type App, type AppOverrides } from '../../bot/app.js';
import { loadConfig } from '../../config/config.js';
import { ReplyCollector } from './replyCollector.js';

export interface TestApp {
  app: App;
  url: string;
  dataDir: string;
  collector: ReplyCollector;
  close(): Promise<void>;
}

/**
 * The real app (createApp, restify, lowdb) on a free port with a temporary DATA_DIR,
 * plus a local connector service that receives the bot's replies.
 */
export async function startTestApp(env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'slb-test-'));
  // Tests type faster than people, and file more tickets: the rate limit is off and the limits per client are
  // raised unless a test sets its own. (A raised rate still has a burst of 10: on an idle machine 31 quick turns
  // ran dry and a queued message was refused, which failed a handoff test on CI.)
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    LIMIT_TICKETS_PER_VISITOR_PER_HOUR: '1000',
    LIMIT_TICKETS_PER_ADDRESS_PER_HOUR: '1000',
    LIMIT_QUEUED_HANDOFFS_PER_ADDRESS: '1000',
    ...env,
    DATA_DIR: dataDir,
  });
  const app = createApp(config, { logger: pino({ level: 'silent' }), ...overrides });
  const collector = new ReplyCollector();
  await collector.start();
  let url: string;
  try {
    url = await app.start();
  } catch (err) {
    // A refused start (tests check some) must not leave servers and timers behind.
    await Promise.all([collector.stop(), app.stop().catch(() => undefined)]);
    throw err;
  }
  return {
    app,
    url,
    dataDir,
    collector,
    async close() {
      await Promise.all([app.stop(), collector.stop()]);
      // Retried in case a last write lands while the folder is being removed (ENOTEMPTY, seen once in CI).
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    },
  };
}
