import type { DialogName } from '../knowledge/types.js';

/**
 * Button labels the bot offers and recognises again when clicked. Buttons post their label as text
 * (imBack), which works the same in Teams, Web Chat, the Emulator and the terminal chat.
 */
export const BUTTONS = {
  helpful: 'Ja, dit hielp',
  notHelpful: 'Nee, dit hielp niet',
  servicedesk: 'Servicedesk',
} as const;

export const DIALOG_BUTTONS: Record<DialogName, string> = {
  cart_status: 'Bekijk mijn winkelwagen',
  order_status: 'Bekijk mijn bestellingen',
  order_correction: 'Order laten corrigeren',
  contact_change: 'Contactpersoon wijzigen',
  handoff: 'Medewerker spreken',
};

const CANCEL_WORDS = new Set(['stop', 'annuleer', 'annuleren', 'afbreken', 'cancel', 'stoppen']);
const HELP_WORDS = new Set(['help', 'hulp', '?', 'menu']);

const normalized = (text: string) => text.trim().toLowerCase().replace(/[.!]+$/, '');
export const isCancel = (text: string) => CANCEL_WORDS.has(normalized(text));
export const isHelp = (text: string) => HELP_WORDS.has(normalized(text));

export function dialogForButton(text: string): DialogName | undefined {
  const wanted = normalized(text);
  return (Object.keys(DIALOG_BUTTONS) as DialogName[]).find((d) => DIALOG_BUTTONS[d].toLowerCase() === wanted);
}

/** Button titles must stay short; the full text is what gets posted back. */
export function buttonTitle(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
