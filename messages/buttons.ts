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
  basispakket_reduction: 'Verlaging basispakketten aanvragen',
  claim_request: 'Verzoek om winkelwagen te claimen',
  general_request: 'Vraag aan servicedesk',
  ticket_status: 'Mijn tickets',
};

const CANCEL_WORDS = new Set(['stop', 'annuleer', 'annuleren', 'afbreken', 'cancel', 'stoppen']);
const HELP_WORDS = new Set(['help', 'hulp', '?', 'menu']);

const GREETINGS = new Set(['hoi', 'hallo', 'hey', 'hi', 'hello', 'goedemorgen', 'goedemiddag', 'goedenavond', 'dag', 'hallo daar', 'hoi hoi']);
const THANKS = new Set(['bedankt', 'dank je', 'dankjewel', 'dank u', 'dank u wel', 'dank je wel', 'thanks', 'top, bedankt', 'super, bedankt', 'fijn, bedankt']);
/** "Nee, dank je" closes a conversation (it is also the bot's own button under a choice that may have ended). */
const CLOSINGS = new Set(['nee', 'nee hoor', 'dat was het', 'nee, dat was het', 'nee dat was het'].concat([...THANKS].flatMap((t) => [`nee, ${t}`, `nee ${t}`])));

const normalized = (text: string) => text.trim().toLowerCase().replace(/[.!]+$/, '');
export const isGreeting = (text: string) => GREETINGS.has(normalized(text));
export const isThanks = (text: string) => THANKS.has(normalized(text)) || CLOSINGS.has(normalized(text));
export const isCancel = (text: string) => CANCEL_WORDS.has(normalized(text));
export const isHelp = (text: string) => HELP_WORDS.has(normalized(text));

export function dialogForButton(text: string): DialogName | undefined {
  const wanted = normalized(text);
  return (Object.keys(DIALOG_BUTTONS) as DialogName[]).find((d) => DIALOG_BUTTONS[d].toLowerCase() === wanted);
}
