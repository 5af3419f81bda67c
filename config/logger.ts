import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (pino). Personal data is redacted by key wherever it appears in a log object;
 * log identifiers (conversation id, intent, entry id), not names, e-mail addresses or message text.
 * `destination`: where the JSON lines go (default stdout; tests pass a stream to read them).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'slb-registration-assistant' },
    redact: {
      paths: [
        '*.name',
        '*.email',
        '*.text',
        '*.password',
        'name',
        'email',
        'text',
        'password',
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
