export { BUTTONS, DIALOG_BUTTONS, dialogForButton, isButton } from '../dialogs/buttons.js';

/** Words that stop a running dialog, leave the queue, or ask for help (phrases such as "laat maar": knowledge/smalltalk.yaml). */
const CANCEL_WORDS = new Set(['stop', 'annuleer', 'annuleren', 'afbreken', 'cancel', 'stoppen']);
const HELP_WORDS = new Set(['help', 'hulp', '?', 'menu']);

const normalized = (text: string) => text.trim().toLowerCase().replace(/[.!]+$/, '');
export const isCancel = (text: string) => CANCEL_WORDS.has(normalized(text));
export const isHelp = (text: string) => HELP_WORDS.has(normalized(text));
