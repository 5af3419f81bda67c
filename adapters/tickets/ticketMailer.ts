import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Ticket } from './ticketStore.js';

const TEMPLATES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

export interface TicketMailer {
  send(ticket: Ticket): Promise<void>;
}

/**
 * Mails a ticket to the servicedesk over SMTP (nodemailer): subject with the reference, a plain-text body
 * and an HTML body. User text is data, never template source, and the HTML template escapes it.
 */
export class SmtpTicketMailer implements TicketMailer {
  private readonly transport: Transporter;
  private readonly text: Handlebars.TemplateDelegate;
  private readonly html: Handlebars.TemplateDelegate;

  constructor(
    smtpUrl: string,
    private readonly to: string,
    private readonly from = 'SLB registratie-assistent <noreply@slbdiensten.nl>',
  ) {
    const url = new URL(smtpUrl);
    for (const [key, value] of Object.entries({
      connectionTimeout: '5000',
      greetingTimeout: '5000',
      socketTimeout: '10000',
    })) {
      if (!url.searchParams.has(key)) url.searchParams.set(key, value);
    }
    this.transport = nodemailer.createTransport(url.toString());
    const hbs = Handlebars.create();
    this.text = hbs.compile(readFileSync(path.join(TEMPLATES, 'ticketMail.txt.hbs'), 'utf8'), {
      noEscape: true,
      strict: true,
    });
    this.html = hbs.compile(readFileSync(path.join(TEMPLATES, 'ticketMail.html.hbs'), 'utf8'), { strict: false });
  }

  async send(ticket: Ticket): Promise<void> {
    const subject = `[${ticket.reference}] ${ticket.title}${ticket.school ? ` - ${ticket.school.name}` : ''}`.replace(
      /[\r\n]+/g,
      ' ',
    );
    await this.transport.sendMail({
      from: this.from,
      to: this.to,
      replyTo: ticket.requester.email,
      subject,
      text: this.text({ ticket }),
      html: this.html({ ticket }),
      headers: { 'X-SLB-Ticket': ticket.reference },
    });
  }

  close(): void {
    this.transport.close();
  }
}
