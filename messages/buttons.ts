import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { DIALOG_NAMES, type DialogName } from '../knowledge/types.js';

const label = z.string().trim().min(1).max(60);
const schema = z.strictObject({
  helpful: label,
  notHelpful: label,
  servicedesk: label,
  cancelQueue: label,
  yes: label,
  no: label,
  noThanks: label,
  confirmFile: label,
  doNotFile: label,
  editField: label,
  immediately: label,
  dialogs: z.strictObject(Object.fromEntries(DIALOG_NAMES.map((d) => [d, label])) as Record<DialogName, typeof label>),
});
export type ButtonCatalogue = z.infer<typeof schema>;

export const BUTTONS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'buttons.yaml');

/** Reads and checks the button catalogue: every name present, no two labels alike (a click must route one way). */
export function loadButtons(file: string = BUTTONS_FILE): ButtonCatalogue {
  const parsed = schema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`buttons: ${file}: ${parsed.error.issues[0].message} at ${parsed.error.issues[0].path.join('.')}`);
  const { dialogs, ...plain } = parsed.data;
  const labels = [...Object.values(plain), ...Object.values(dialogs)].map((l) => l.toLowerCase());
  const twice = labels.find((l, i) => labels.indexOf(l) !== i);
  if (twice) throw new Error(`buttons: ${file}: the label "${twice}" is used twice`);
  return parsed.data;
}

/** The one button catalogue of bot/ and dialogs/ (messages/buttons.yaml). */
export const BUTTONS: ButtonCatalogue = loadButtons();
export const DIALOG_BUTTONS: Record<DialogName, string> = BUTTONS.dialogs;

const normalized = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '');

/** True when `text` is the label of button `name` (clicked, or typed the same). */
export const isButton = (text: string, name: Exclude<keyof ButtonCatalogue, 'dialogs'>) =>
  normalized(text) === BUTTONS[name].toLowerCase();

const folded = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
const ALL_LABELS = new Set(
  [...Object.values(BUTTONS).filter((v): v is string => typeof v === 'string'), ...Object.values(DIALOG_BUTTONS)].map(
    folded,
  ),
);

/** True when `text` is the label of any button of the bot, whatever its punctuation ("ja indienen", "Servicedesk."). */
export const isAnyButton = (text: string) => ALL_LABELS.has(folded(text));

export function dialogForButton(text: string): DialogName | undefined {
  const wanted = normalized(text);
  return DIALOG_NAMES.find((d) => DIALOG_BUTTONS[d].toLowerCase() === wanted);
}

/** Words that stop a running dialog, leave the queue, or ask for help (phrases such as "laat maar": knowledge/smalltalk.yaml). */
const CANCEL_WORDS = new Set(['stop', 'annuleer', 'annuleren', 'afbreken', 'cancel', 'stoppen']);
const HELP_WORDS = new Set(['help', 'hulp', '?', 'menu']);

export const isCancel = (text: string) => CANCEL_WORDS.has(normalized(text));
export const isHelp = (text: string) => HELP_WORDS.has(normalized(text));
