import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (pino). Personal data is redacted by key wherever it appears in a log object;
 * log identifiers (conversation id, intent, entry id), not names, e-mail addresses or message text.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'slb-registration-assistant' },
    redact: {
      paths: ['*.name', '*.email', '*.text', '*.password', 'name', 'email', 'text', 'password', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
