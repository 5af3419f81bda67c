/** How the bot writes values in Dutch replies: one place, so every reply writes a date or an amount the same way. */

/** User text shown back in a reply: no Markdown/HTML control characters, no template syntax, bounded. */
export function quoteUserText(text: string, max = 200): string {
  const clean = text
    .replace(/[\\`*_{}[\]<>()#|~!]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

const EURO = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Dutch money notation: 1493.4 -> "EUR 1.493,40". */
export function formatEuro(amount: number): string {
  return `EUR ${EURO.format(amount)}`;
}

const DATE = new Intl.DateTimeFormat('nl-NL', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'Europe/Amsterdam',
});

/**
 * Dutch date notation, dd-mm-jjjj: a calendar date as ISO (2025-11-11 -> 11-11-2025, never shifted by a time
 * zone), or a moment (an ISO timestamp or Date) as its day in Amsterdam.
 */
export function dutchDate(value: string | Date): string {
  const calendarDate = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return calendarDate ? `${calendarDate[3]}-${calendarDate[2]}-${calendarDate[1]}` : DATE.format(new Date(value));
}
