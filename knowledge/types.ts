import type { SmallTalkData } from './smallTalk.js';

/**
 * The dialog (intent) names of the design brief; they appear in logs, `kb ask --json` and tests. The last four
 * extend the brief: servicedesk requests the FAQ sends people to (3.2, 1.6), a general request, and the
 * user's own tickets.
 */
export const DIALOG_NAMES = [
  'cart_status',
  'order_status',
  'order_correction',
  'contact_change',
  'handoff',
  'basispakket_reduction',
  'claim_request',
  'general_request',
  'ticket_status',
] as const;
export type DialogName = (typeof DIALOG_NAMES)[number];

/** One FAQ question/answer, as an editor wrote it in `knowledge/content/*.yaml`. */
export interface KnowledgeEntry {
  id: string;
  section: string;
  question: string;
  answer: string;
  alternatives: string[];
  related: string[];
  dialog?: DialogName;
  sources: string[];
  /** Where this copy differs from the published FAQ, or a slip is left for SLB's editors (`kb lint` checks them). */
  editorNotes: EditorNote[];
  /** Where the entry was read from, for lint and error messages. */
  origin: { file: string; line: number };
}

/**
 * A reviewed slip of the published FAQ. `corrected`: `text` replaces `source` in this copy (the intended value is
 * clear). `for_editors`: left for SLB's editors to decide; `text` is what this copy says meanwhile.
 */
export interface EditorNote {
  source: string;
  text: string;
  status: 'corrected' | 'for_editors';
  note: string;
}

/** A request that starts a guided dialog, recognised from example utterances. */
export interface IntentDefinition {
  name: DialogName;
  description: string;
  examples: string[];
}

export interface Lexicon {
  /** Canonical word or phrase -> variants people type for it. */
  synonyms: Record<string, string[]>;
  /** Phrases dropped before search ("hoe werkt dat"). */
  fillerPhrases: string[];
  stopwordsExtra: string[];
  stopwordsKeep: string[];
  /** Stemmer output -> stem to use instead, for words the stemmer keeps apart. */
  stems: Record<string, string>;
  /** Common words that say little about a question's topic (`general-words.txt`); unknown ones weigh little. */
  generalWords: string[];
  /**
   * Words naming topics the FAQ does not cover (`other-topics.txt`: "printer", "wachtwoord", "termijnen"): one in a
   * question the content does not know weighs heavily and is never "corrected" into a content word.
   */
  otherTopicWords: string[];
  /** Phrases that ask the bot to do something ("kun je", "laat zien"); they favour a dialog over an FAQ answer. */
  requestPhrases: string[];
  /**
   * Verbs that make a request when they open the message, as an imperative does ("Verwijder Piet als
   * contactpersoon"); elsewhere they may be part of a how-to question ("hoe verwijder ik ...").
   */
  requestOpenings: string[];
  /** Words for the user's own things ("mijn", "onze"); they favour a look-up a little. */
  ownWords: string[];
  /**
   * Phrases that ask how or why ("hoe kan ik", "waarom"): a question for the FAQ even when it names a look-up verb
   * ("hoe kan ik controleren of mijn registratie binnen is?"), so they cancel the favour of a request phrase.
   */
  howToPhrases: string[];
}

export interface KnowledgeContent {
  entries: KnowledgeEntry[];
  intents: IntentDefinition[];
  lexicon: Lexicon;
  /** `smalltalk.yaml`; read from the shipped file when left out. */
  smallTalk?: SmallTalkData;
}
