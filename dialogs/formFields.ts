import { z } from 'zod';
import { dutchDate } from '../messages/formatters.js';

/** The answer to one form question, or why it cannot be accepted (a Dutch message for the user). */
export type Parsed = { ok: true; value: string } | { ok: false; error: string };

export interface FormField {
  key: string;
  /** Label in the ticket and the summary (Dutch, for the servicedesk). */
  label: string;
  prompt: string;
  buttons?: string[];
  parse(text: string): Parsed;
}

const MAX_TEXT = 2000;
const email = z.string().email();

export function freeText(key: string, label: string, prompt: string, { min = 3, max = MAX_TEXT } = {}): FormField {
  return {
    key,
    label,
    prompt,
    parse(text) {
      const value = text.trim();
      if (!value) return { ok: false, error: 'Ik heb nog geen antwoord gekregen. Typ je antwoord, of "stop" om te stoppen.' };
      if (value.length < min) return { ok: false, error: `Kun je iets meer vertellen? Een paar woorden is genoeg.` };
      if (value.length > max) return { ok: false, error: `Dat is te lang (${value.length} tekens; maximaal ${max}). Kun je het korter samenvatten?` };
      return { ok: true, value };
    },
  };
}

export function personName(key: string, label: string, prompt: string): FormField {
  return {
    key,
    label,
    prompt,
    parse(text) {
      const value = text.trim().replace(/\s+/g, ' ');
      if (value.length < 2 || value.length > 100 || !/^[\p{L}][\p{L}\p{M} .'-]*$/u.test(value)) {
        return { ok: false, error: 'Dat lijkt geen naam. Typ voor- en achternaam, bijvoorbeeld "Jan de Boer".' };
      }
      return { ok: true, value };
    },
  };
}

export function emailAddress(key: string, label: string, prompt: string): FormField {
  return {
    key,
    label,
    prompt,
    parse(text) {
      const value = text.trim().toLowerCase();
      if (value.length > 254 || !email.safeParse(value).success) return { ok: false, error: 'Dat is geen geldig e-mailadres. Typ het zo: naam@school.nl' };
      return { ok: true, value };
    },
  };
}

export function choice(key: string, label: string, prompt: string, options: string[]): FormField {
  return {
    key,
    label,
    prompt,
    buttons: options,
    parse(text) {
      const wanted = text.trim().toLowerCase();
      const byNumber = /^\d+$/.test(wanted) ? options[Number(wanted) - 1] : undefined;
      const value = byNumber ?? options.find((o) => o.toLowerCase() === wanted);
      return value ? { ok: true, value } : { ok: false, error: `Kies een van deze mogelijkheden: ${options.join(', ')}.` };
    },
  };
}

export function wholeNumber(key: string, label: string, prompt: string, { min = 0, max = 100_000 } = {}): FormField {
  return {
    key,
    label,
    prompt,
    parse(text) {
      const value = text.trim().replace(/\./g, '');
      if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) return { ok: false, error: `Typ een heel getal van ${min} tot ${max}.` };
      return { ok: true, value: String(Number(value)) };
    },
  };
}

/** A date from today up to a year ahead, as d-m-jjjj, or "per direct". */
export function futureDate(key: string, label: string, prompt: string, today: () => Date = () => new Date()): FormField {
  // A calendar date (local midnight), written as one: no time zone may shift its day.
  const format = (d: Date) => dutchDate(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
  return {
    key,
    label,
    prompt,
    buttons: ['Per direct'],
    parse(text) {
      const now = today();
      const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
      if (/^(?:(?:per )?direct|vandaag|zo snel mogelijk|asap)$/i.test(text.trim())) return { ok: true, value: `per direct (${format(start)})` };
      const m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text.trim());
      const date = m ? new Date(Number(m[3]), Number(m[2]) - 1, Number(m[1])) : undefined;
      if (!date || !m || date.getDate() !== Number(m[1]) || date.getMonth() !== Number(m[2]) - 1) {
        return { ok: false, error: 'Typ een datum als dag-maand-jaar, bijvoorbeeld 1-12-2026, of kies "Per direct".' };
      }
      const limit = new Date(start.getFullYear() + 1, start.getMonth(), start.getDate());
      if (date < start) return { ok: false, error: 'Die datum ligt in het verleden. Kies vandaag of een datum in de toekomst.' };
      if (date > limit) return { ok: false, error: 'Die datum ligt meer dan een jaar vooruit. Kies een datum binnen een jaar.' };
      return { ok: true, value: format(date) };
    },
  };
}
