import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Decision } from './decisionPolicy.js';
import type { Target } from './faqIndex.js';
import { DIALOG_NAMES } from './types.js';

const evalSetSchema = z.strictObject({
  paraphrases: z.record(z.string(), z.array(z.string().min(1))),
  out_of_scope: z.array(z.string().min(1)),
  intents: z.partialRecord(z.enum(DIALOG_NAMES), z.array(z.string().min(1))),
});
export type EvalSet = z.infer<typeof evalSetSchema>;

export function loadEvalSet(file: string): EvalSet {
  const parsed = evalSetSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`evaluation: ${file}: ${parsed.error.issues[0].message} at ${parsed.error.issues[0].path.join('.')}`);
  return parsed.data;
}

export interface EvalMiss {
  q: string;
  expected: string;
  got: string;
}

export interface EvalReport {
  paraphrases: number;
  /** The expected entry ranks first among all targets. */
  top1: number;
  top3: number;
  mrr: number;
  /** The bot would answer with exactly the expected entry (not clarify). */
  answeredCorrectly: number;
  /** The bot would answer with another entry: the worst outcome. */
  answeredWrongly: number;
  outOfScope: number;
  declined: number;
  intentExamples: number;
  intentAccuracy: number;
  misses: EvalMiss[];
}

/** Anything that turns a question into a decision and a ranking: our KnowledgeBase, or a baseline. */
export interface Retriever {
  explain(question: string): Decision & { explain: { ranked: Array<{ target: Target }> } };
}

/** Runs the labelled set through the same path as the bot ({@link KnowledgeBase.explain}). */
export function evaluate(kb: Retriever, set: EvalSet): EvalReport {
  const misses: EvalMiss[] = [];
  let n = 0, top1 = 0, top3 = 0, rr = 0, correct = 0, wrong = 0;
  for (const [expected, questions] of Object.entries(set.paraphrases)) {
    for (const q of questions) {
      n++;
      const d = kb.explain(q);
      const rank = d.explain.ranked.findIndex((r) => r.target.kind === 'entry' && r.target.id === expected) + 1;
      if (rank === 1) top1++;
      if (rank >= 1 && rank <= 3) top3++;
      if (rank >= 1) rr += 1 / rank;
      if (d.decision === 'answer' && d.id === expected) correct++;
      else if (d.decision === 'answer') wrong++;
      if (rank !== 1 || d.decision !== 'answer') misses.push({ q, expected, got: describe(d) });
    }
  }
  let declined = 0;
  for (const q of set.out_of_scope) {
    const d = kb.explain(q);
    if (d.decision === 'fallback') declined++;
    else misses.push({ q, expected: 'fallback', got: describe(d) });
  }
  let intentN = 0, intentOk = 0;
  for (const [dialog, questions] of Object.entries(set.intents)) {
    for (const q of questions) {
      intentN++;
      const d = kb.explain(q);
      if (d.decision === 'dialog' && d.dialog === dialog) intentOk++;
      else misses.push({ q, expected: `dialog ${dialog}`, got: describe(d) });
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    paraphrases: n,
    top1: ratio(top1, n),
    top3: ratio(top3, n),
    mrr: ratio(rr, n),
    answeredCorrectly: ratio(correct, n),
    answeredWrongly: ratio(wrong, n),
    outOfScope: set.out_of_scope.length,
    declined: ratio(declined, set.out_of_scope.length),
    intentExamples: intentN,
    intentAccuracy: ratio(intentOk, intentN),
    misses,
  };
}

function describe(d: Decision): string {
  const top = d.candidates.map((c) => `${c.id}:${c.score}`).join(' ');
  return `${d.decision}${d.id ? ` ${d.id}` : ''}${d.dialog ? ` ${d.dialog}` : ''} [${top}]`;
}

export function formatReport(name: string, r: EvalReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `${name}`,
    `  paraphrases ${r.paraphrases}: top-1 ${pct(r.top1)}, top-3 ${pct(r.top3)}, MRR ${r.mrr.toFixed(3)}`,
    `    answered correctly ${pct(r.answeredCorrectly)}, answered wrongly ${pct(r.answeredWrongly)}`,
    `  out-of-scope ${r.outOfScope}: declined ${pct(r.declined)}`,
    `  intents ${r.intentExamples}: accuracy ${pct(r.intentAccuracy)}`,
  ].join('\n');
}
