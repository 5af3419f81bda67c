import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Decision } from './decisionPolicy.js';
import type { Target } from './faqIndex.js';
import { DIALOG_NAMES } from './types.js';

/**
 * A labelled set. Two live in test/fixtures: the dev set (tune on it) and the locked test set (written blind from
 * the seed FAQ; never tune while looking at its misses).
 */
const evalSetSchema = z.strictObject({
  paraphrases: z.record(z.string(), z.array(z.string().min(1))),
  out_of_scope: z.array(z.string().min(1)),
  intents: z.partialRecord(z.enum(DIALOG_NAMES), z.array(z.string().min(1))),
  /** Greetings, thanks, goodbyes: never answered with an FAQ entry or a dialog. */
  small_talk: z.array(z.string().min(1)).default([]),
});
export type EvalSet = z.infer<typeof evalSetSchema>;

export function loadEvalSet(file: string): EvalSet {
  const parsed = evalSetSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `evaluation: ${file}: ${parsed.error.issues[0].message} at ${parsed.error.issues[0].path.join('.')}`,
    );
  return parsed.data;
}

export interface EvalMiss {
  q: string;
  expected: string;
  got: string;
}

/** The figures a user would notice, as in issue 13's table; all ratios 0..1. */
export interface EvalReport {
  paraphrases: number;
  /** The expected entry ranks first among all targets. */
  top1: number;
  top3: number;
  mrr: number;
  /** The bot answers with exactly the expected entry. */
  answeredCorrectly: number;
  /** Right answer, or the right entry among the buttons offered: one click away. */
  oneClick: number;
  /** An in-scope question declined ("geen antwoord", no suggestions). */
  declinedInScope: number;
  /** The bot answers with another entry: the worst outcome. */
  answeredWrongly: number;
  /** An FAQ question that starts a dialog instead (the dialog still helps; reported apart). */
  dialogInstead: number;
  outOfScope: number;
  declined: number;
  intentExamples: number;
  intentAccuracy: number;
  smallTalk: number;
  /** Small talk neither answered with an FAQ entry, offered entries, nor a dialog. */
  smallTalkKept: number;
  misses: EvalMiss[];
}

/** Anything that turns a question into a decision and a ranking: our KnowledgeBase, or a baseline. */
export interface Retriever {
  explain(question: string): Decision & { explain: { ranked: Array<{ target: Target }> } };
}

/** Runs the labelled set through the same path as the bot ({@link KnowledgeBase.explain}). */
export function evaluate(kb: Retriever, set: EvalSet): EvalReport {
  const misses: EvalMiss[] = [];
  let n = 0,
    top1 = 0,
    top3 = 0,
    rr = 0,
    correct = 0,
    oneClick = 0,
    declinedInScope = 0,
    wrong = 0,
    dialogInstead = 0;
  for (const [expected, questions] of Object.entries(set.paraphrases)) {
    for (const q of questions) {
      n++;
      const d = kb.explain(q);
      const rank =
        d.explain.ranked.filter((r) => r.target.kind === 'entry').findIndex((r) => r.target.id === expected) + 1;
      if (rank === 1) top1++;
      if (rank >= 1 && rank <= 3) top3++;
      if (rank >= 1) rr += 1 / rank;
      if (d.decision === 'answer' && d.id === expected) correct++;
      else if (d.decision === 'answer') wrong++;
      if (
        (d.decision === 'answer' && d.id === expected) ||
        (d.decision === 'clarify' && d.candidates.some((c) => c.id === expected))
      )
        oneClick++;
      if (d.decision === 'fallback') declinedInScope++;
      if (d.decision === 'dialog') dialogInstead++;
      if (d.decision !== 'answer' || d.id !== expected) misses.push({ q, expected, got: describe(d) });
    }
  }
  let declined = 0;
  for (const q of set.out_of_scope) {
    const d = kb.explain(q);
    if (d.decision === 'fallback') declined++;
    else misses.push({ q, expected: 'fallback', got: describe(d) });
  }
  let intentN = 0,
    intentOk = 0;
  for (const [dialog, questions] of Object.entries(set.intents)) {
    for (const q of questions) {
      intentN++;
      const d = kb.explain(q);
      if (d.decision === 'dialog' && d.dialog === dialog) intentOk++;
      else misses.push({ q, expected: `dialog ${dialog}`, got: describe(d) });
    }
  }
  let kept = 0;
  for (const q of set.small_talk) {
    const d = kb.explain(q);
    if (d.decision === 'fallback') kept++;
    else misses.push({ q, expected: 'small talk', got: describe(d) });
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    paraphrases: n,
    top1: ratio(top1, n),
    top3: ratio(top3, n),
    mrr: ratio(rr, n),
    answeredCorrectly: ratio(correct, n),
    oneClick: ratio(oneClick, n),
    declinedInScope: ratio(declinedInScope, n),
    answeredWrongly: ratio(wrong, n),
    dialogInstead: ratio(dialogInstead, n),
    outOfScope: set.out_of_scope.length,
    declined: ratio(declined, set.out_of_scope.length),
    intentExamples: intentN,
    intentAccuracy: ratio(intentOk, intentN),
    smallTalk: set.small_talk.length,
    smallTalkKept: ratio(kept, set.small_talk.length),
    misses,
  };
}

function describe(d: Decision): string {
  const top = d.candidates.map((c) => `${c.id}:${c.score}`).join(' ');
  return `${d.decision}${d.id ? ` ${d.id}` : ''}${d.dialog ? ` ${d.dialog}` : ''} [${top}]`;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Rows of one table, a column per report: the figures people compare. */
export function formatComparison(columns: Array<{ name: string; report: EvalReport }>): string {
  // A set without FAQ questions (out of scope only) has no answer figures: a dash, not 0%.
  const faq = (f: (r: EvalReport) => string) => (r: EvalReport) => (r.paraphrases ? f(r) : '-');
  const of = (share: number, count: number) => (count ? `${pct(share)} of ${count}` : '-');
  const rows: Array<[string, (r: EvalReport) => string]> = [
    ['FAQ questions', (r) => String(r.paraphrases)],
    ['answered with the right entry', faq((r) => pct(r.answeredCorrectly))],
    ['one click (answer, or right entry offered)', faq((r) => pct(r.oneClick))],
    ['in-scope declined', faq((r) => pct(r.declinedInScope))],
    ['wrong answers', faq((r) => pct(r.answeredWrongly))],
    ['FAQ question started a dialog', faq((r) => pct(r.dialogInstead))],
    ['top-1 / top-3 ranking', faq((r) => `${pct(r.top1)} / ${pct(r.top3)}`)],
    ['out-of-scope declined', (r) => of(r.declined, r.outOfScope)],
    ['action requests -> right dialog', (r) => of(r.intentAccuracy, r.intentExamples)],
    ['small talk kept out of the FAQ', (r) => of(r.smallTalkKept, r.smallTalk)],
  ];
  const header = `| | ${columns.map((c) => c.name).join(' | ')} |`;
  const rule = `|---|${columns.map(() => '---').join('|')}|`;
  return [
    header,
    rule,
    ...rows.map(([label, f]) => `| ${label} | ${columns.map((c) => f(c.report)).join(' | ')} |`),
  ].join('\n');
}
