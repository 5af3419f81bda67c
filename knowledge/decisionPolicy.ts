import type { RankedTarget, SearchOutcome } from './faqIndex.js';
import type { DialogName } from './types.js';

/**
 * Confidence thresholds, all on the 0..1 confidence of {@link RankedTarget}.
 * Chosen by a grid search on the dev set (`npm run kb -- eval`), never on the locked test set.
 */
export interface DecisionThresholds {
  /** Answer directly at or above this confidence ... @default 0.35 */
  answer: number;
  /** ... when the runner-up trails by at least this much; otherwise clarify. @default 0.05 */
  margin: number;
  /**
   * Below this {@link scopeScore}, decline (fallback): the question is not about the registration. Above it,
   * answer a clear winner or offer candidates. @default 0.42
   */
  clarify: number;
  /** Start a dialog when an intent is the best match at or above this confidence. @default 0.5 */
  dialog: number;
  /** An entry within this much of the best dialog's confidence is answered instead (see decide). @default 0.02 */
  entryOverDialog: number;
}

export const DEFAULT_THRESHOLDS: DecisionThresholds = {
  answer: 0.35,
  margin: 0.05,
  clarify: 0.42,
  dialog: 0.5,
  entryOverDialog: 0.02,
};

export type DecisionKind = 'answer' | 'clarify' | 'dialog' | 'fallback';

export interface Candidate {
  id: string;
  score: number;
}

/** The contract of `kb ask --json` (design brief), also what the bot acts on. */
export interface Decision {
  q: string;
  decision: DecisionKind;
  id: string | null;
  dialog: DialogName | null;
  candidates: Candidate[];
  /**
   * With `clarify`: a dialog that matched about as well as the entries offered ("ik wil dat onze winkelwagen
   * opnieuw wordt klaargezet": FAQ 1.4 or the correction itself). The bot offers it as a button beside them.
   */
  offeredDialog?: DialogName;
}

const MAX_CANDIDATES = 3;
/** Runners-up offered beside the best match must reach this share of its confidence. */
const CANDIDATE_SHARE = 0.5;
const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Whether the question is about the registration at all. Coverage says how much of the question the content
 * knows; confidence adds how well one target matches it. A question the FAQ does not answer but that uses its words
 * ("kan ik de factuur in termijnen betalen?") leaves a topical word uncovered and scores low on both.
 */
export const scopeScore = (top: RankedTarget) => (top.confidence + top.coverage) / 2;

export function decide(
  q: string,
  { ranked, vague }: Pick<SearchOutcome, 'ranked' | 'vague'>,
  thresholds: DecisionThresholds,
): Decision {
  const top = ranked[0];
  const entries = ranked.filter((r) => r.target.kind === 'entry');
  const floor = Math.max(thresholds.clarify / 2, (entries[0]?.confidence ?? 0) * CANDIDATE_SHARE);
  const candidates = entries
    .filter((r) => r.confidence >= floor)
    .slice(0, MAX_CANDIDATES)
    .map((r) => ({ id: r.target.id, score: round(r.confidence) }));
  // Field order as in the contract: q, decision, id, dialog, candidates.
  const make = (
    decision: DecisionKind,
    id: string | null = null,
    dialog: DialogName | null = null,
    offered = candidates,
  ): Decision => ({ q, decision, id, dialog, candidates: offered });

  if (!top || scopeScore(top) < thresholds.clarify) return make('fallback', null, null, []);

  if (top.target.kind === 'intent') {
    // An FAQ entry matching as well as the dialog answers: the question was asked in the FAQ's words, and the
    // answer offers its dialog as a button. A request ("kun je", "graag") already lifted the dialog past it.
    const entry = entries[0];
    if (entry && entry.confidence >= thresholds.answer && top.strength - entry.strength < thresholds.entryOverDialog)
      return make('answer', entry.target.id);
    if (top.confidence >= thresholds.dialog) return make('dialog', null, top.target.id);
    if (!candidates.length) return make('fallback', null, null, candidates);
    // Not sure enough to start it: the dialog is offered beside the entries.
    const dialog = closeDialog(ranked, top.confidence, thresholds);
    return dialog ? { ...make('clarify'), offeredDialog: dialog } : make('clarify');
  }

  const runnerUp = ranked[1];
  const clearWinner = !runnerUp || top.confidence - runnerUp.confidence >= thresholds.margin;
  // A topic alone ("licenties") is offered as its likeliest questions rather than answered with one of them.
  if (top.confidence >= thresholds.answer && clearWinner && !(vague && candidates.length > 1))
    return make('answer', top.target.id);
  const dialog = closeDialog(ranked, top.confidence, thresholds);
  return dialog ? { ...make('clarify'), offeredDialog: dialog } : make('clarify');
}

/** The best intent when it is within the margin of the best entry (the two were too close to choose). */
function closeDialog(ranked: RankedTarget[], best: number, thresholds: DecisionThresholds): DialogName | undefined {
  const intent = ranked.find((r) => r.target.kind === 'intent');
  if (intent?.target.kind !== 'intent' || intent.confidence < thresholds.answer) return undefined;
  return best - intent.confidence < thresholds.margin ? intent.target.id : undefined;
}
