/**
 * Bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069), zero-width and invisible formatting
 * characters (U+200B-U+200F, U+2060-U+2064, U+FEFF, U+180E, U+00AD) and C0/C1 controls except tab and newline.
 * In free text they only serve to make text look different from what it is ("Trojan source" tricks in a mail
 * subject or the agent console), so they are removed before the text is stored for people to read.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- the control characters are what this removes
  /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u2060-\u2064\uFEFF\u180E\u00AD]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}
