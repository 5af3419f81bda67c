import { z } from 'zod';
import { placeIndex } from '../domain/listPlace.js';

/**
 * The answer to one form question, or why it cannot be accepted: an error key of the form catalogue
 * (dialogs/forms.yaml, `messages.errors`) with the values its text needs. No user-facing text here.
 */
export type Parsed =
  { ok: true; value: string; note?: { message: string; data: object } } | { ok: false; error: string; data?: object };

const MAX_TEXT = 2000;
const email = z.string().email();

export function parseText(text: string, { min = 3, max = MAX_TEXT } = {}): Parsed {
  const value = text.trim();
  if (!value) return { ok: false, error: 'empty' };
  if (value.length < min) return { ok: false, error: 'too_short' };
  if (value.length > max) return { ok: false, error: 'too_long', data: { length: value.length, max } };
  return { ok: true, value };
}

/**
 * A first and a last name, as the question asks: one word ("ik", "Jansen") leaves the servicedesk guessing, and so
 * does a phrase with a word no name has ("na de kerstvakantie", "de nieuwe directeur": `notNameWords`, folded).
 */
export function parseName(text: string, notNameWords: ReadonlySet<string> = new Set()): Parsed {
  const value = text.trim().replace(/\s+/g, ' ');
  if (value.length < 2 || value.length > 100 || !/^[\p{L}][\p{L}\p{M} .'-]*$/u.test(value))
    return { ok: false, error: 'name' };
  // "Pieter": a first name alone; the servicedesk needs the last name too.
  if (!value.includes(' '))
    return notNameWords.has(fold(value)) || value.length < 3
      ? { ok: false, error: 'name' }
      : { ok: false, error: 'last_name', data: { first: value } };
  if (wordsOf(value).some((w) => notNameWords.has(w))) return { ok: false, error: 'name' };
  return { ok: true, value };
}

export function parseEmail(text: string): Parsed {
  const value = text.trim().toLowerCase();
  if (value.length <= 254 && email.safeParse(value).success) return { ok: true, value };
  // "het is j.smit@school.nl", "(j.smit@school.nl)": the one address in the sentence.
  const found = emailIn(text);
  return found ? { ok: true, value: found } : { ok: false, error: 'email' };
}

/** The one valid e-mail address in a sentence; undefined for none or two different ones. */
export function emailIn(sentence: string): string | undefined {
  const addresses = new Set(
    (sentence.match(/[^\s<>()[\]{}"',;:]+@[^\s<>()[\]{}"',;:]+/g) ?? [])
      .map((a) => a.replace(/[.!?]+$/, '').toLowerCase())
      .filter((a) => a.length <= 254 && email.safeParse(a).success),
  );
  return addresses.size === 1 ? [...addresses][0] : undefined;
}

export interface ChoiceOption {
  label: string;
  also: string[];
}

const fold = (t: string) =>
  t
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Words that are never a field's answer (dialogs/forms.yaml, `not_answers`). */
export interface NotAnswerWords {
  /** "ja", "nee", "ok", "prima": a message of only these answers no text or name question. */
  yesNo: string[];
  /** Words that take the user a question back ("wacht", "terug", "vorige"). */
  back: string[];
  /** Words that may stand around them without making the message an answer ("ga", "naar", "de", "vraag"). */
  backWords: string[];
  /** Openings of a reaction to the bot rather than an answer ("ok dan maak ik een nieuwe"). */
  reactions: string[];
  /** The user does not know the answer ("geen idee", "weet ik nog niet"): no name, no text to file. */
  dontKnow: string[];
}

const wordsOf = (text: string) => fold(text).split(' ').filter(Boolean);
/** The words of a text as forms compare them: lower case, accents and punctuation gone. */
export const foldWords = wordsOf;

/** A catalogue's phrase list folded once, not on every message that is checked against it. */
const foldedLists = new WeakMap<readonly string[], string[]>();
function folded(phrases: readonly string[]): string[] {
  let list = foldedLists.get(phrases);
  if (!list) foldedLists.set(phrases, (list = phrases.map(fold)));
  return list;
}

/** The whole message is one of `phrases`, compared folded ("Ik zelf!" is "ik zelf"). */
export function isOneOf(text: string, phrases: readonly string[]): boolean {
  const typed = fold(text);
  return typed.length > 0 && folded(phrases).includes(typed);
}
const foldedSet = (list: string[]) => new Set(list.flatMap(wordsOf));

/** "ja", "ok prima", "Nee.": only yes/no/ok words. Such a message agrees or declines; it answers no open question. */
export function onlyYesNo(text: string, words: NotAnswerWords): boolean {
  const typed = wordsOf(text);
  const yesNo = foldedSet(words.yesNo);
  return typed.length > 0 && typed.every((w) => yesNo.has(w));
}

/**
 * "wacht", "nee wacht, terug", "ga terug naar de vorige vraag": the user wants the question before this one. Only
 * such words, with at least one that means going back, so an answer that mentions "terug" is still an answer.
 */
export function goesBack(text: string, words: NotAnswerWords): boolean {
  const typed = wordsOf(text);
  const back = foldedSet(words.back);
  const around = new Set([...foldedSet(words.backWords), ...foldedSet(words.yesNo)]);
  return typed.some((w) => back.has(w)) && typed.every((w) => back.has(w) || around.has(w));
}

/**
 * "ok dan maak ik een nieuwe": a reaction to what the bot said, not the answer to a text question. A figure or a
 * question mark makes it an answer after all ("ok dan, het moeten er 200 zijn").
 */
export function isReaction(text: string, words: NotAnswerWords): boolean {
  if (/\d|\?/.test(text)) return false;
  const typed = ` ${fold(text)} `;
  return words.reactions.some((r) => typed.startsWith(` ${fold(r)} `));
}

/** "geen idee", "Weet ik niet.", "nog onbekend": the whole message says the user does not know the answer. */
export function saysDontKnow(text: string, words: NotAnswerWords, { partial = false } = {}): boolean {
  if (isOneOf(text, words.dontKnow)) return true;
  if (!partial) return false;
  // "het e-mailadres weet ik niet", "geen idee, dat moet ik nog opzoeken": a short message that opens or ends with it
  // (not where the answer is free text: "geen idee waarom de factuur zo hoog is" is a question).
  const typed = fold(text);
  if (/[\d@]/.test(text) || typed.split(' ').length > 8) return false;
  return folded(words.dontKnow).some((p) => p.includes(' ') && (typed.startsWith(`${p} `) || typed.endsWith(` ${p}`)));
}

/**
 * "de eerste", "de laatste order", "die bovenste": a place in a list of `count` options, as an index; undefined
 * when the message says no place.
 */
export function ordinalIn(text: string, count: number): number | undefined {
  const m = PLACE_ANSWER.exec(fold(text));
  return m ? placeIndex(m[1], count) : undefined;
}
const PLACE_ANSWER = /^(?:de |die |het )?(\S+)(?: (?:order|bestelling|nummer|optie|van de lijst))?$/;

/** An option by its label, its number in the list ("2"), or another way of saying it (`also`). */
export function parseChoice(text: string, options: ChoiceOption[]): Parsed {
  const wanted = fold(text);
  const byNumber = /^\d+$/.test(wanted) ? options[Number(wanted) - 1] : undefined;
  const exact = byNumber ?? options.find((o) => fold(o.label) === wanted || o.also.some((a) => fold(a) === wanted));
  // "die bij Microsoft graag": a sentence that names exactly one option.
  const named = exact ? undefined : choiceIn(text, options);
  const found = exact ?? options.find((o) => o.label === named);
  return found
    ? { ok: true, value: found.label }
    : { ok: false, error: 'choice', data: { options: options.map((o) => o.label) } };
}

/** The one option a sentence names ("ik wil de 1e contactpersoon wijzigen"), or undefined when none or several. */
export function choiceIn(sentence: string, options: ChoiceOption[]): string | undefined {
  const text = ` ${fold(sentence)} `;
  const named = options.filter((o) => [o.label, ...o.also].some((p) => text.includes(` ${fold(p)} `)));
  return named.length === 1 ? named[0].label : undefined;
}

export function parseNumber(text: string, { min = 0, max = 100_000 } = {}): Parsed {
  const value = text
    .trim()
    .replace(/\./g, '')
    .replace(/\s*(basispakketten|basispakket|stuks?)$/i, '');
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    return { ok: false, error: 'number', data: { min, max } };
  return { ok: true, value: String(Number(value)) };
}

/** A calendar day in Europe/Amsterdam (the servicedesk's calendar), whatever the server's time zone. */
export interface Day {
  year: number;
  month: number;
  day: number;
}

export function amsterdamToday(now: Date = new Date()): Day {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(now)
    .split('-')
    .map(Number);
  return { year, month, day };
}

const MONTHS: Array<[RegExp, number]> = [
  [/^jan(uari)?$/, 1],
  [/^feb(r|ruari)?$/, 2],
  [/^(maart|mrt|mar)$/, 3],
  [/^apr(il)?$/, 4],
  [/^mei$/, 5],
  [/^jun(i)?$/, 6],
  [/^jul(i)?$/, 7],
  [/^aug(ustus)?$/, 8],
  [/^sep(t|tember)?$/, 9],
  [/^(okt|oct)(ober)?$/, 10],
  [/^nov(ember)?$/, 11],
  [/^dec(ember)?$/, 12],
];
const monthOf = (word: string) => MONTHS.find(([re]) => re.test(word))?.[1];

const utc = (d: Day) => Date.UTC(d.year, d.month - 1, d.day);
const fromUtc = (ms: number): Day => {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};
const addDays = (d: Day, n: number) => fromUtc(utc(d) + n * 86_400_000);
const valid = (d: Day) => {
  const back = fromUtc(utc(d));
  return back.year === d.year && back.month === d.month && back.day === d.day;
};
export const formatDay = (d: Day) => `${d.day}-${d.month}-${d.year}`;

/**
 * A date from today up to a year ahead, in the ways people write it: "per direct", "morgen", "1 januari",
 * "per 1 jan", "1-1-27", "1/1/2027", "volgende maand", "volgende week". Without a year, the next such day.
 * `immediately` is the value for "per direct" (`{{date}}` gets today's date).
 */
/** The one written or numeric date in a sentence ("1 januari 2027", "1-1-2027"); undefined for none or several. */
export function dateIn(sentence: string): string | undefined {
  const lower = sentence.toLowerCase();
  const found = [
    ...(lower.match(/\b\d{1,2}[-/.]\d{1,2}(?:[-/.](?:\d{4}|\d{2}))?\b/g) ?? []),
    ...[...lower.matchAll(/\b(\d{1,2})(?:e|ste|de)? ([a-z]+)(?: (\d{4}|\d{2}))?\b/g)]
      .filter((m) => monthOf(m[2]) !== undefined)
      .map((m) => m[0]),
  ];
  return found.length === 1 ? found[0] : undefined;
}

export function parseDate(text: string, today: Day, immediately: (date: string) => string): Parsed {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ')
    .replace(/^(per|op|vanaf|m\.?i\.?v\.?|met ingang van|ingaande|graag|liefst|het liefst)\s+/, '')
    .replace(/^(per|op|vanaf)\s+/, '');
  if (/^(direct|meteen|onmiddellijk|nu|vandaag|zo snel mogelijk|zsm|asap|z\.s\.m)$/.test(t))
    return { ok: true, value: immediately(formatDay(today)) };
  let date: Day | undefined;
  let yearGiven = true;
  if (t === 'morgen') date = addDays(today, 1);
  else if (t === 'overmorgen') date = addDays(today, 2);
  else if (/^(volgende|komende) maand$/.test(t))
    date =
      today.month === 12
        ? { year: today.year + 1, month: 1, day: 1 }
        : { year: today.year, month: today.month + 1, day: 1 };
  else if (/^(volgende|komende) week$/.test(t)) {
    const weekday = new Date(utc(today)).getUTCDay(); // 0 = Sunday
    date = addDays(today, (8 - weekday) % 7 || 7); // next Monday
  } else {
    const numeric = /^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{4}|\d{2}))?$/.exec(t);
    const written = /^(\d{1,2})(?:e|ste|de)? ([a-z]+)(?: (\d{4}|\d{2}))?$/.exec(t);
    const parts = numeric
      ? { d: numeric[1], m: Number(numeric[2]), y: numeric[3] }
      : written && monthOf(written[2])
        ? { d: written[1], m: monthOf(written[2])!, y: written[3] }
        : undefined;
    if (parts) {
      yearGiven = parts.y !== undefined;
      const year = parts.y === undefined ? today.year : parts.y.length === 2 ? 2000 + Number(parts.y) : Number(parts.y);
      date = { year, month: parts.m, day: Number(parts.d) };
    }
  }
  if (!date) {
    // "dat zei ik toch al, 1 januari 2027", "per 1-2-2027 graag": the one date in the sentence.
    const inside = dateIn(t);
    return inside && inside !== t ? parseDate(inside, today, immediately) : { ok: false, error: 'date' };
  }
  if (!valid(date)) return { ok: false, error: 'date' };
  if (!yearGiven && utc(date) < utc(today)) date = { ...date, year: date.year + 1 };
  if (!valid(date)) return { ok: false, error: 'date' };
  if (utc(date) < utc(today)) return { ok: false, error: 'date_past' };
  if (utc(date) > utc({ ...today, year: today.year + 1 })) return { ok: false, error: 'date_far' };
  return { ok: true, value: formatDay(date) };
}
