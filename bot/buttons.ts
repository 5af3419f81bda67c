export { BUTTONS, DIALOG_BUTTONS, dialogForButton, isButton } from '../dialogs/buttons.js';

/** Words that stop a running dialog, leave the queue, or ask for help: what users type, not what the bot says. */
const CANCEL_WORDS = new Set(['stop', 'annuleer', 'annuleren', 'afbreken', 'cancel', 'stoppen', 'ik wil stoppen', 'stop maar', 'annuleer maar', 'kap maar', 'hou maar op', 'houd maar op']);
const HELP_WORDS = new Set(['help', 'hulp', '?', 'menu']);

const normalized = (text: string) => text.trim().toLowerCase().replace(/[.!]+$/, '');
export const isCancel = (text: string) => CANCEL_WORDS.has(normalized(text));
export const isHelp = (text: string) => HELP_WORDS.has(normalized(text));
