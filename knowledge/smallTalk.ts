import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { cachedPerWord } from './wordCache.js';

/** What a small-talk message is, most specific first (a message with several kinds takes the first). */
export const SMALL_TALK_KINDS = [
  'hours',
  'sign_in',
  'language',
  'about_bot',
  'never_mind',
  'goodbye',
  'frustration',
  'thanks',
  'acknowledgement',
  'greeting',
] as const;
export type SmallTalkKind = (typeof SMALL_TALK_KINDS)[number];

const fileSchema = z.strictObject({
  kinds: z.strictObject(
    Object.fromEntries(SMALL_TALK_KINDS.map((k) => [k, z.array(z.string().trim().min(1)).min(1)])) as Record<
      SmallTalkKind,
      z.ZodArray<z.ZodString>
    >,
  ),
  fillers: z.array(z.string().trim().min(1)).default([]),
  openers: z.array(z.string().trim().min(1)).default([]),
  closings: z.array(z.string().trim().min(1)).default([]),
});
export type SmallTalkData = z.infer<typeof fileSchema>;

export const DEFAULT_SMALL_TALK_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'smalltalk.yaml');

/** Reads and validates `knowledge/smalltalk.yaml` (editors maintain it). */
export function loadSmallTalk(file: string = DEFAULT_SMALL_TALK_FILE): SmallTalkData {
  const parsed = fileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`smalltalk: ${file}: ${issue.message} at ${issue.path.join('.')}`);
  }
  return parsed.data;
}

/** A closing's signature: a name, a role and a school fit; a paragraph does not. */
const MAX_SIGNATURE_CHARS = 80;

/** Emoji (with skin tones and joiners), and nothing but spaces and punctuation beside them. */
const ONLY_EMOJI = /^[\s.!,]*(?:(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f)[\s.!,]*)+$/u;
const PRAYING_HANDS = /\u{1F64F}/u;

/** Only ASCII: unchanged by NFD, and without combining marks. */
const ASCII = /^\p{ASCII}*$/u;

/** Lower case, accents folded, punctuation to spaces, doubled letters single ("doeiii" = "doei"). */
function words(text: string): string[] {
  const lower = text.toLowerCase();
  // Most messages are plain ASCII, for which decomposing and stripping marks changes nothing (and costs the most).
  return (ASCII.test(lower) ? lower : lower.normalize('NFD').replace(/\p{M}/gu, ''))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/(\p{L})\1+/gu, '$1')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/** Damerau-Levenshtein distance, capped: true when at most one edit (or one swap) apart. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return true;
  const swap = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  return swap || a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
}

const sameWord = (typed: string, known: string) =>
  typed === known || (known.length >= 5 && typed.length >= 5 && oneEditApart(typed, known));

interface Phrase {
  kind: SmallTalkKind;
  words: string[];
}

/**
 * Recognises small talk: greetings, thanks, goodbyes, "laat maar", and questions about the bot or the
 * servicedesk's hours. A message is small talk only when every word in it belongs to a known phrase or is a
 * filler word, so a real question that starts with a greeting is not. No botbuilder here: `kb ask` uses it too.
 */
export class SmallTalkRecogniser {
  /** The phrases by their first word, longest first. */
  private readonly phrasesStartingWith = new Map<string, Phrase[]>();
  /** Every word of a phrase. */
  private readonly phraseWords: string[];
  /** The last text recognised and its kind (see recognise). */
  private last?: { text: string; kind: SmallTalkKind | undefined };
  /** The phrase words a typed word is (itself, or one edit away when long enough), worked out once per word. */
  private readonly sameAs = cachedPerWord(
    (typed: string): ReadonlySet<string> => new Set(this.phraseWords.filter((known) => sameWord(typed, known))),
  );
  private readonly fillers: Set<string>;
  /** Greetings and polite openings that may start a real question, as one pattern on the raw text. */
  private readonly opener: RegExp;
  /** A letter's closing and what follows it (a name, a role, a school), as one pattern on the raw text. */
  private readonly letterClosing: RegExp | undefined;
  /** The polite openings again, where a later sentence starts ("Wij hebben besteld. Kunt u mij vertellen ..."). */
  private readonly innerOpening: RegExp | undefined;

  constructor(data: SmallTalkData) {
    const phrases: Phrase[] = [];
    for (const kind of SMALL_TALK_KINDS) {
      for (const text of data.kinds[kind]) {
        const w = words(text);
        phrases.push({ kind, words: w });
        // "dank je wel" also as "dankjewel", "tot ziens" as "totziens".
        if (w.length > 1) phrases.push({ kind, words: [w.join('')] });
      }
    }
    // Longest first, so "dank je wel" wins over "dank".
    phrases.sort((a, b) => b.words.length - a.words.length);
    for (const phrase of phrases) {
      const list = this.phrasesStartingWith.get(phrase.words[0]);
      if (list) list.push(phrase);
      else this.phrasesStartingWith.set(phrase.words[0], [phrase]);
    }
    this.phraseWords = [...new Set(phrases.flatMap((p) => p.words))];
    this.fillers = new Set(data.fillers.flatMap(words));
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Each list as one pattern of alternatives, longest first (the first alternative that matches wins): one regex
    // run per message instead of one per phrase.
    const alternatives = (phrases: string[]) =>
      [...phrases]
        .sort((a, b) => b.length - a.length)
        .map((p) => p.trim().split(/\s+/).map(escape).join('[\\s/]+'))
        .join('|');
    this.opener = new RegExp(
      `^\\s*(?:${alternatives([...data.kinds.greeting, ...data.openers])})(?=[\\s,!.:;?-]|$)[\\s,!.:;-]*`,
      'iu',
    );
    this.innerOpening = data.openers.length
      ? new RegExp(`(?<=[.!?\\n]\\s*)(?:${alternatives(data.openers)})(?=[\\s,!.:;?-]|$)[\\s,!.:;-]*`, 'giu')
      : undefined;
    // Only after a sentence's end and with little after it: "alvast bedankt voor het uitzoeken" inside a question stays.
    this.letterClosing = data.closings.length
      ? new RegExp(
          `(?<=[.!?,;\\n]\\s*)(?:${alternatives(data.closings)})(?=[\\s,!.:;-]|$)[^?]{0,${MAX_SIGNATURE_CHARS}}$`,
          'iu',
        )
      : undefined;
  }

  /**
   * The question without the greeting or polite opening it starts with: "goedemorgen! kunt u mij vertellen wat er
   * in onze winkelwagen staat" is searched as "wat er in onze winkelwagen staat". Text that is only a greeting is
   * returned unchanged.
   */
  withoutGreeting(text: string): string {
    const signed = this.letterClosing ? text.replace(this.letterClosing, '') : text;
    let rest = signed.trim() ? signed : text;
    if (this.innerOpening) rest = rest.replace(this.innerOpening, '');
    // "Hoi! Goedemorgen, kunt u mij vertellen ...": one opening after another, as long as a question is left.
    for (;;) {
      const stripped = rest.replace(this.opener, '');
      if (stripped === rest || !stripped.trim()) return rest;
      rest = stripped;
    }
  }

  /**
   * The kind of small talk `text` is or opens with, in its first clause: "laat maar, ik bel morgen wel" is a
   * never_mind. For where what follows does not matter (a visitor waiting in the queue), never for FAQ routing.
   */
  opening(text: string): SmallTalkKind | undefined {
    return this.recognise(text) ?? this.recognise(text.split(/[,.;!?]/, 1)[0]);
  }

  /** The kind of small talk the last clause of `text` is, when there is more before it ("weet ik niet, laat maar"). */
  closing(text: string): SmallTalkKind | undefined {
    const clauses = text
      .split(/[,.;!?]+/)
      .map((c) => c.trim())
      .filter(Boolean);
    return clauses.length > 1 ? this.recognise(clauses.at(-1)!) : undefined;
  }

  /**
   * Where `phrase` ends when it starts at typed[from], or -1. Filler words may sit between its words ("je begrijpt
   * me echt niet" is "je begrijpt me niet"), not before its first.
   */
  private matchAt(typed: string[], from: number, phrase: string[]): number {
    let at = from;
    for (let i = 0; i < phrase.length; i++) {
      while (i > 0 && at < typed.length && !this.sameAs(typed[at]).has(phrase[i]) && this.fillers.has(typed[at])) at++;
      if (at >= typed.length || !this.sameAs(typed[at]).has(phrase[i])) return -1;
      at++;
    }
    return at;
  }

  /** The kind of small talk `text` is, or undefined when it asks (or says) something else. */
  recognise(text: string): SmallTalkKind | undefined {
    // A turn asks about the same text up to four times (the knowledge base, goodbyes, the running dialog): the
    // last answer is kept, for that one text only.
    if (this.last?.text === text) return this.last.kind;
    const kind = this.recogniseUncached(text);
    this.last = { text, kind };
    return kind;
  }

  private recogniseUncached(text: string): SmallTalkKind | undefined {
    // "👍", "🙏", "😊": a reaction without words.
    if (ONLY_EMOJI.test(text)) return PRAYING_HANDS.test(text) ? 'thanks' : 'acknowledgement';
    const typed = words(text);
    if (typed.length === 0 || typed.length > 16) return undefined;
    // A word that is in no phrase and no filler cannot be covered: most questions stop here.
    if (typed.some((w) => this.sameAs(w).size === 0 && !this.fillers.has(w))) return undefined;
    const best = new Map<number, number | null>();
    // Best (lowest) kind rank that covers typed[from..]; null: cannot be covered; Infinity: only fillers.
    const cover = (from: number): number | null => {
      if (from === typed.length) return Infinity;
      if (best.has(from)) return best.get(from)!;
      let result: number | null = null;
      const candidates = [...this.sameAs(typed[from])].flatMap((first) => this.phrasesStartingWith.get(first) ?? []);
      for (const phrase of candidates) {
        const end = this.matchAt(typed, from, phrase.words);
        if (end < 0) continue;
        const rest = cover(end);
        if (rest !== null) result = Math.min(result ?? Infinity, SMALL_TALK_KINDS.indexOf(phrase.kind), rest);
      }
      if (this.fillers.has(typed[from])) {
        const rest = cover(from + 1);
        if (rest !== null) result = Math.min(result ?? Infinity, rest);
      }
      best.set(from, result);
      return result;
    };
    const rank = cover(0);
    return rank === null || rank === Infinity ? undefined : SMALL_TALK_KINDS[rank];
  }
}
