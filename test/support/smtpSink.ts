import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server (npm smtp-server) on loopback that keeps every message it receives. */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  /** Starts on `port` (0 = a free one); a fixed port lets a test bring a stopped server back. */
  async start(port = 0): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          this.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this.port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The first mail whose decoded source contains `text`, waiting for it to arrive. */
  async waitForMailWith(text: string, timeoutMs = 10_000): Promise<ReceivedMail & { decoded: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mails
        .map((m) => ({ ...m, decoded: decodeQuotedPrintable(m.raw) }))
        .find((m) => m.decoded.includes(text));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`SmtpSink: no mail containing "${text}" after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async waitForMail(count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.mails.length < count) {
      if (Date.now() > deadline)
        throw new Error(`SmtpSink: ${this.mails.length} of ${count} mails after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.mails;
  }
}

/** Enough of quoted-printable decoding to read a mail body in a test. */
function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
