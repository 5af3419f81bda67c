import { stemmer as snowballDutch } from '@orama/stemmers/dutch';
import isoStopwords from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };
import { statesCorrectedAmount } from '../domain/correctedAmount.js';
import { ORDER_NUMBER } from '../domain/portal.js';
import { TokenPhrases } from './tokenPhrases.js';
import type { Lexicon } from './types.js';
import { cachedPerWord } from './wordCache.js';

/**
 * Dutch text analysis for the FAQ search, as pure functions handed to MiniSearch.
 *
 * Pipeline: normalise (lower case, accents folded, quotes unified) -> tokens -> synonyms and loanwords
 * (lexicon.yaml, phrases included) -> compounds joined and split against the content's vocabulary ->
 * stop words removed -> Snowball Dutch stem (to a fixed point, plus the lexicon's stem overrides).
 */
export interface DutchAnalyzer {
  normalize(text: string): string;
  /** Normalised surface tokens, before synonyms, compounds and stemming. */
  tokens(text: string): string[];
  /** The terms to index or search for. */
  terms(text: string): string[];
  /** Everything a query needs, from one pass of normalising and tokenising. */
  analyze(text: string): AnalysedQuery;
  /** Content words, unstemmed: synonyms applied, stop words and general words left out (for character n-grams). */
  contentWords(text: string): string[];
  stem(token: string): string;
  /** Whether an analysed term is a general word (greeting, filler, everyday verb: general-words.txt) or a number. */
  isGeneral(term: string): boolean;
  /** Whether an analysed term names a topic the FAQ does not cover (other-topics.txt). */
  isOtherTopic(term: string): boolean;
}

export interface AnalysedQuery {
  /** The normalised surface tokens, as `tokens(text)` gives them. */
  tokens: string[];
  terms: string[];
  contentWords: string[];
  request: boolean;
  own: boolean;
  /** The question asks how or why (a how-to phrase of the lexicon): knowledge, not a look-up. */
  howTo: boolean;
}

const MIN_COMPOUND_PART = 4;
/** The person after "hoe <verb>" that makes it a how-to question: "hoe regel ik", "hoe doen we". */
const HOW_SUBJECTS = new Set(['ik', 'we', 'wij', 'je', 'jij', 'u', 'jullie', 'men']);
/** Words this long or longer may be read as a one-letter slip (or swap) of a common word. */
const MIN_SLIP_LENGTH = 5;
const VOICING_PARTNER: Record<string, string> = { s: 'z', z: 's', f: 'v', v: 'f' };
/**
 * Particles of Dutch separable verbs: "aankomen", "bijgewerkt", "vrijgegeven" are a particle and an everyday verb,
 * and say no more about a question than the verb does.
 */
const SEPARABLE_PARTICLE =
  /^(?:aan|af|bij|dicht|door|in|los|mee|mis|na|neer|om|op|over|rond|samen|terug|toe|uit|vast|voor|vrij|weg)$/;
const MAX_PARTICLE_LENGTH = 5;
const MIN_VERB_LENGTH = 3;

/** One substitution, insertion, deletion or swap of neighbours apart (Damerau), and not equal. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    const swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    return swapped || a.slice(i + 1) === b.slice(i + 1);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
const LINKING_INFIXES = ['', 's', 'en', 'e'];

/** Only ASCII: unchanged by NFKD, and without combining marks. */
const ASCII = /^\p{ASCII}*$/u;

/** Lower case, accents folded ("ín" = "in"), curly quotes straightened. Idempotent. */
export function normalizeDutch(text: string): string {
  // Most questions are plain ASCII, for which decomposing and stripping marks changes nothing (and costs the most).
  const folded = ASCII.test(text) ? text : text.normalize('NFKD').replace(/\p{M}/gu, '');
  return folded.toLowerCase().replace(/[‘’´`]/g, "'");
}

/**
 * An e-mail address or a web address is data the user gives ("wijzig de contactpersoon naar j.devries@school.nl"),
 * not words of the question: its parts ("devries", "nl") would weigh as rare unknown words.
 */
const ADDRESS = /\S+@\S+|\bhttps?:\/\/\S+|\bwww\.\S+/g;

/**
 * A number said to be another number is an order gone wrong ("300 ipv 30 A3 besteld", "240 A3 moet 230 zijn",
 * "het moesten er 30 zijn"): the lexicon's word for an error is added, as "te veel" maps to it.
 */
const ERROR_WORD = 'fout';
/** A servicedesk ticket's reference (adapters/tickets: SD-2026-000042) is the word ticket: "status van SD-2026-000042". */
const TICKET_REFERENCE = /\bsd-?\d{4}-?\d{1,6}\b/g;
const TICKET_WORD = ' ticket ';
/** An order number (the portal's ORD-2025-008765) is the word order: "ORD-2025-008765" alone asks about that order. */
const ORDER_NUMBERS = new RegExp(ORDER_NUMBER.source, 'gi');
const ORDER_WORD = ' bestelling ';

/** Splits normalised text into word tokens; "e-mail" and "collega's" stay one token. */
export function tokenizeDutch(normalized: string): string[] {
  const text = statesCorrectedAmount(normalized) ? `${normalized} ${ERROR_WORD}` : normalized;
  return text
    .replace(ADDRESS, ' ')
    .replace(TICKET_REFERENCE, TICKET_WORD)
    .replace(ORDER_NUMBERS, ORDER_WORD)
    .replace(/(\p{L})[-'](?=\p{L})/gu, '$1')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 1);
}

interface PhraseRule {
  variant: string[];
  canonical: string[];
}

function buildPhraseRules(lexicon: Lexicon): Map<string, PhraseRule[]> {
  const rules = new Map<string, PhraseRule[]>();
  for (const [canonicalText, variants] of Object.entries(lexicon.synonyms)) {
    const canonical = tokenizeDutch(normalizeDutch(canonicalText));
    for (const variantText of variants) {
      const variant = tokenizeDutch(normalizeDutch(variantText));
      if (variant.length === 0) continue;
      const list = rules.get(variant[0]) ?? [];
      list.push({ variant, canonical });
      rules.set(variant[0], list);
    }
  }
  for (const filler of lexicon.fillerPhrases) {
    const variant = tokenizeDutch(normalizeDutch(filler));
    if (variant.length) rules.set(variant[0], [...(rules.get(variant[0]) ?? []), { variant, canonical: [] }]);
  }
  // Longest phrase first, so "admin center" wins over "admin".
  for (const list of rules.values()) list.sort((a, b) => b.variant.length - a.variant.length);
  return rules;
}

function applySynonyms(tokens: string[], rules: Map<string, PhraseRule[]>): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length;) {
    const rule = rules.get(tokens[i])?.find((r) => r.variant.every((t, k) => tokens[i + k] === t));
    if (rule) {
      out.push(...rule.canonical);
      i += rule.variant.length;
    } else {
      out.push(tokens[i]);
      i += 1;
    }
  }
  return out;
}

export interface DutchAnalyzerOptions {
  lexicon: Lexicon;
  /**
   * Surface words of the content. Compounds are only joined ("winkel wagen" -> "winkelwagen") or split
   * ("licentieaantallen" -> "licentie" + "aantallen") into words the content actually uses, which keeps
   * splitting from inventing meaning.
   */
  vocabulary?: Iterable<string>;
}

export function createDutchAnalyzer({ lexicon, vocabulary = [] }: DutchAnalyzerOptions): DutchAnalyzer {
  // English function words too: school contacts mix English in ("do I need to", "for our tenant"). The FAQ's own
  // words among them ("order", "website", "begin") are in the lexicon's stopwords_keep.
  const stopwords = new Set([...isoStopwords.nl, ...isoStopwords.en, ...lexicon.stopwordsExtra].map(normalizeDutch));
  for (const keep of lexicon.stopwordsKeep) stopwords.delete(normalizeDutch(keep));
  const stemOverrides = new Map(Object.entries(lexicon.stems).map(([k, v]) => [normalizeDutch(k), normalizeDutch(v)]));
  const phraseRules = buildPhraseRules(lexicon);

  const stem = cachedPerWord((token: string): string => {
    // Snowball Dutch is not idempotent ("winkelwagens" -> "winkelwagen" -> "winkelwag"): iterate to a fixed point
    // so singular and plural meet.
    let current = token;
    for (let i = 0; i < 4; i++) {
      const next = snowballDutch(current);
      if (next === current) break;
      current = next;
    }
    return stemOverrides.get(current) ?? stemOverrides.get(token) ?? current;
  });

  const surface = new Set<string>();
  const stems = new Set<string>();
  for (const word of vocabulary) {
    for (const token of applySynonyms(tokenizeDutch(normalizeDutch(word)), phraseRules)) {
      if (stopwords.has(token)) continue;
      surface.add(token);
      stems.add(stem(token));
    }
  }
  // Compared by stem, so any form of a listed word counts ("gebleven" for "blijven" needs its own line, "gemist" does not).
  const general = new Set<string>();
  for (const word of lexicon.generalWords) {
    for (const token of tokenizeDutch(normalizeDutch(word))) general.add(stem(token));
  }
  const otherTopics = new Set<string>();
  for (const word of lexicon.otherTopicWords) {
    for (const token of tokenizeDutch(normalizeDutch(word))) otherTopics.add(stem(token));
  }

  const ownWords = new Set(lexicon.ownWords.flatMap((w) => tokenizeDutch(normalizeDutch(w))));
  const phrasesOf = (list: string[]) => new TokenPhrases(list.map((p) => tokenizeDutch(normalizeDutch(p))));
  const requestPhrases = phrasesOf(lexicon.requestPhrases);
  const requestOpenings = new Set(lexicon.requestOpenings.flatMap((w) => tokenizeDutch(normalizeDutch(w))));
  const howToPhrases = phrasesOf(lexicon.howToPhrases);

  /** A word the content uses, in any form, or a word the lexicon maps to one ("jaarregistratie"). */
  const inContent = (token: string) => surface.has(token) || stems.has(stem(token)) || phraseRules.has(token);
  const known = (part: string) => part.length >= MIN_COMPOUND_PART && !stopwords.has(part) && inContent(part);

  // The most common Dutch spelling slip is a final d for t and back ("geclaimt", "word", "gebeurd"): a word the
  // content does not know, whose other ending it does, is read with that ending.
  const withRightEnding = (tokens: string[]): string[] =>
    tokens.map((token) => {
      const last = token[token.length - 1];
      if (token.length < 4 || (last !== 'd' && last !== 't') || inContent(token)) return token;
      const other = `${token.slice(0, -1)}${last === 'd' ? 't' : 'd'}`;
      return inContent(other) ? other : token;
    });

  // An English verb given a Dutch participle ("gedelivered", "geupdated", "gesubmitted"): the "ge" dropped, it is
  // a word the lexicon knows ("delivered" is leveren).
  const withoutBorrowedPrefix = (tokens: string[]): string[] =>
    tokens.map((token) =>
      token.length >= 2 + MIN_COMPOUND_PART && token.startsWith('ge') && !inContent(token) && inContent(token.slice(2))
        ? token.slice(2)
        : token,
    );

  // "hoe regel ik", "hoe bestellen we", "hoe zet je": "hoe", a verb and a person ask how it is done, whatever the verb
  // (the lexicon's how_to_phrases hold the fixed ones: "hoe zit het", "waarom").
  const asksHow = (tokens: string[]): boolean => {
    for (let i = 0; i + 2 < tokens.length; i++) if (tokens[i] === 'hoe' && HOW_SUBJECTS.has(tokens[i + 2])) return true;
    return false;
  };

  // Cached: a long word the content lacks tries every cut with every linking infix.
  const splitCompound = cachedPerWord((token: string): string[] => {
    for (let cut = MIN_COMPOUND_PART; cut <= token.length - MIN_COMPOUND_PART; cut++) {
      const right = token.slice(cut);
      if (!known(right)) continue;
      for (const infix of LINKING_INFIXES) {
        const left = token.slice(0, cut);
        if (infix && !left.endsWith(infix)) continue;
        if (known(left.slice(0, left.length - infix.length))) return [left.slice(0, left.length - infix.length), right];
      }
    }
    return [];
  });

  /** A joined word known to the content, or its canonical synonym; null when the pair is not a compound. */
  const joinedPair = cachedPerWord((pair: string): string[] | null => {
    const [left, right] = pair.split(' ');
    for (const candidate of [left + right, `${left}s${right}`]) {
      const canonical = applySynonyms([candidate], phraseRules);
      if (canonical.length !== 1 || canonical[0] !== candidate) return canonical;
      if (surface.has(candidate) || stems.has(stem(candidate))) return [candidate];
    }
    return null;
  });
  // Tokens never hold a space (see tokenizeDutch), so it separates the two words of a pair's cache key.
  const joinPair = (left: string, right: string) => joinedPair(`${left} ${right}`) ?? undefined;

  // "basis pakketen" -> "basispakketen"; "licentieaantallen" -> "licentie aantallen". A successful join or split
  // replaces its parts, so words the content does not use do not count against the match.
  const compounds = (tokens: string[]): string[] => {
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      const joined = i + 1 < tokens.length ? joinPair(token, tokens[i + 1]) : undefined;
      if (joined) {
        out.push(...joined);
        i++;
        continue;
      }
      const parts = token.length >= 2 * MIN_COMPOUND_PART && !inContent(token) ? splitCompound(token) : [];
      // The parts may be words the lexicon maps ("correctie" + "verzoek", "jaarregistratie" + "bestelling").
      out.push(...(parts.length ? applySynonyms(parts, phraseRules) : [token]));
    }
    return out;
  };

  // "waaorm", "eigelijk": a slip of a common word is a common word, not a rare unknown one that sinks the question.
  // By first letter, which people rarely mistype (and which keeps this a handful of comparisons per new word).
  const commonWords = new Map<string, string[]>();
  for (const w of stopwords)
    if (w.length >= MIN_SLIP_LENGTH) commonWords.set(w[0], [...(commonWords.get(w[0]) ?? []), w]);
  const slipOfCommonWord = cachedPerWord(
    (term: string) =>
      (term.length >= MIN_SLIP_LENGTH && (commonWords.get(term[0]) ?? []).some((w) => withinOneEdit(term, w))) ||
      voicedFirstLetterSlip(term),
  );
  // "sijn", "soals", "fan": Dutch spellers swap a first s/z or f/v (they sound alike); the rest of a common word
  // stays as it was. Only that swap, so short words qualify too.
  const voicedFirstLetterSlip = (term: string) => {
    const partner = VOICING_PARTNER[term[0]];
    return partner !== undefined && stopwords.has(partner + term.slice(1));
  };

  const separableEverydayVerb = cachedPerWord((term: string) => {
    for (let cut = 2; cut <= MAX_PARTICLE_LENGTH && term.length - cut >= MIN_VERB_LENGTH; cut++) {
      if (!SEPARABLE_PARTICLE.test(term.slice(0, cut))) continue;
      const verb = term.slice(cut);
      if (general.has(verb) || general.has(stem(verb))) return true;
    }
    return false;
  });

  const termsOf = (tokens: string[]) =>
    compounds(tokens)
      .filter((token) => !stopwords.has(token))
      .map(stem);
  const contentWordsOf = (tokens: string[]) =>
    tokens.filter((token) => !stopwords.has(token) && !general.has(stem(token)));

  return {
    normalize: normalizeDutch,
    tokens: (text) => tokenizeDutch(normalizeDutch(text)),
    stem,
    // Numbers and counts ("2x", "3e") say nothing about the topic.
    isGeneral: (term) =>
      general.has(term) || /^\d+[a-z]{0,2}$/.test(term) || slipOfCommonWord(term) || separableEverydayVerb(term),
    isOtherTopic: (term) => otherTopics.has(term),
    contentWords: (text) =>
      contentWordsOf(
        applySynonyms(withoutBorrowedPrefix(withRightEnding(tokenizeDutch(normalizeDutch(text)))), phraseRules),
      ),
    terms: (text) =>
      termsOf(applySynonyms(withoutBorrowedPrefix(withRightEnding(tokenizeDutch(normalizeDutch(text)))), phraseRules)),
    analyze(text) {
      const normalized = normalizeDutch(text);
      const surfaceTokens = tokenizeDutch(normalized);
      const tokens = withoutBorrowedPrefix(withRightEnding(surfaceTokens));
      const canonical = applySynonyms(tokens, phraseRules);
      return {
        tokens: surfaceTokens,
        terms: termsOf(canonical),
        contentWords: contentWordsOf(canonical),
        // An amount said to be another ("40 besteld, het moesten er 4 zijn") reports a mistake in the user's own order:
        // the correction is what helps, as when asked for.
        request: requestPhrases.occursIn(tokens) || requestOpenings.has(tokens[0]) || statesCorrectedAmount(normalized),
        own: tokens.some((token) => ownWords.has(token)),
        howTo: howToPhrases.occursIn(tokens) || asksHow(tokens),
      };
    },
  };
}
