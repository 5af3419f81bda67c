import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { LowdbFeedbackStore } from '../adapters/feedback/lowdbFeedbackStore.js';
import { loadConfig } from '../config/config.js';
import { loadDotEnv } from '../config/dotenv.js';
import { evaluate, formatComparison, loadEvalSet, type EvalReport } from '../knowledge/evaluation.js';
import { PlainMiniSearch } from '../knowledge/plainMiniSearch.js';
import { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError, loadKnowledge } from '../knowledge/knowledgeLoader.js';
import { lintEntries, loadLintSettings } from '../knowledge/lint.js';
import { buildReport, formatEditorReport } from '../knowledge/editorReport.js';
import {
  addAlternative,
  LearningError,
  suggestAlternatives,
  type AddAlternativeResult,
} from '../knowledge/learning.js';

const USAGE = `Usage: npm run kb -- <command>
  lint                 check the knowledge files; exit 1 on a slip nobody reviewed (see the content files' header)
  ask [--json] [--explain]
                       read one question per line on stdin and print the decision for each
  eval [--set FILE] [--verbose]
                       measure answers on the dev sets and the locked test set, plain MiniSearch beside
                       (or on one --set FILE); --verbose lists the dev sets' misses
  report               list unanswered and clarified questions with the entry each most likely belongs to,
                       and answers with negative feedback (from DATA_DIR)
  learn                go through those questions and add the ones an editor confirms to an entry's
                       alternatives (stdin per question: j = the suggested entry, an entry id, n or empty = skip)
  learn --accept QUESTION --entry ID
                       add one question to the alternatives of entry ID
Every command takes --knowledge-dir DIR (default: the knowledge/ folder of the code).`;

/** Tune on dev; quote test. The test set was written blind from the seed FAQ and is never tuned on. */
const EVAL_SETS = [
  { name: 'dev', file: 'test/fixtures/dev-set.yaml', tune: true },
  { name: 'dev 2', file: 'test/fixtures/dev-set-2.yaml', tune: true },
  { name: 'dev 3', file: 'test/fixtures/dev-set-3.yaml', tune: true },
  { name: 'dev 4', file: 'test/fixtures/dev-set-4.yaml', tune: true },
  { name: 'dev 5', file: 'test/fixtures/dev-set-5.yaml', tune: true },
  { name: 'dev 6', file: 'test/fixtures/dev-set-6.yaml', tune: true },
  { name: 'dev OOS', file: 'test/fixtures/dev-set-oos.yaml', tune: true },
  { name: 'test (locked)', file: 'test/fixtures/test-set.yaml', tune: false },
];

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      explain: { type: 'boolean' },
      set: { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean' },
      'knowledge-dir': { type: 'string' },
      accept: { type: 'string' },
      entry: { type: 'string' },
    },
  });
  const command = positionals[0];
  loadDotEnv();
  const config = loadConfig(process.env);
  const knowledgeDir = values['knowledge-dir'] ? path.resolve(values['knowledge-dir']) : DEFAULT_KNOWLEDGE_DIR;
  const content = loadKnowledge(knowledgeDir); // throws KnowledgeError with file:line

  switch (command) {
    case 'lint': {
      const findings = lintEntries(content.entries, loadLintSettings(knowledgeDir));
      const label = { error: 'error', editors: 'for SLB editors', warning: 'warning' } as const;
      for (const f of findings)
        console.log(
          `${label[f.severity]} ${path.relative(process.cwd(), f.file)}:${f.line} [${f.entryId}] ${f.rule}: ${f.message}`,
        );
      const count = (s: string) => findings.filter((f) => f.severity === s).length;
      const corrected = content.entries.flatMap((e) => e.editorNotes.filter((n) => n.status === 'corrected')).length;
      console.log(
        `${content.entries.length} entries, ${count('error')} errors, ${count('warning')} warnings, ${count('editors')} marked for SLB's editors, ${corrected} corrected (editor notes)`,
      );
      return count('error') > 0 ? 1 : 0;
    }
    case 'ask': {
      const kb = new KnowledgeBase(content, config.thresholds);
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of lines) {
        const q = line.trim();
        if (!q) continue;
        const decision = values.explain ? kb.explain(q) : kb.ask(q);
        if (values.json) process.stdout.write(`${JSON.stringify(decision)}\n`);
        else
          process.stdout.write(
            `${decision.decision}${decision.id ? ` ${decision.id}` : ''}${decision.dialog ? ` ${decision.dialog}` : ''}  ${decision.candidates.map((c) => `${c.id}:${c.score}`).join(' ')}  <- ${q}\n`,
          );
      }
      return 0;
    }
    case 'eval': {
      const kb = new KnowledgeBase(content, config.thresholds);
      const plain = new PlainMiniSearch(content.entries);
      const sets = values.set ? [{ name: values.set, file: values.set, tune: true }] : EVAL_SETS;
      const columns: Array<{ name: string; report: EvalReport }> = [];
      const misses: Array<{ set: string; report: EvalReport }> = [];
      for (const { name, file, tune } of sets) {
        const set = loadEvalSet(file);
        const ours = evaluate(kb, set);
        columns.push(
          { name: `${name}: plain MiniSearch`, report: evaluate(plain, set) },
          { name: `${name}: ours`, report: ours },
        );
        if (tune) misses.push({ set: name, report: ours });
      }
      console.log(formatComparison(columns));
      // Misses of the dev sets only: reading the test set's misses while tuning would turn it into a dev set.
      if (values.verbose)
        for (const { set, report } of misses)
          for (const m of report.misses) console.log(`  miss (${set}): expected ${m.expected}, got ${m.got}: ${m.q}`);
      return 0;
    }
    case 'report': {
      const report = buildReport(await new LowdbFeedbackStore(config.dataDir).list());
      const kb = new KnowledgeBase(content, config.thresholds);
      console.log(formatEditorReport(report, content.entries, suggestAlternatives(report, kb)));
      return 0;
    }
    case 'learn': {
      if (values.accept !== undefined || values.entry !== undefined) {
        if (!values.accept?.trim() || !values.entry) {
          console.error('learn: give both --accept "<question>" and --entry <id>');
          return 2;
        }
        console.log(describeChange(addAlternative(values.entry, values.accept, knowledgeDir)));
        return 0;
      }
      return learnInteractively(content, config, knowledgeDir);
    }
    default:
      console.error(USAGE);
      return values.help ? 0 : 2;
  }
}

function describeChange(result: AddAlternativeResult): string {
  const relative = path.relative(process.cwd(), result.file);
  const where = `${relative.startsWith('..') ? result.file : relative}, entry ${result.entry.id} (${result.entry.question})`;
  return result.status === 'added'
    ? `added to ${where}: alternative "${result.question}"`
    : `unchanged: "${result.question}" is already a phrasing of ${where}`;
}

/** `kb learn`: one prompt per unanswered or clarified question that is not yet a phrasing of an entry. */
async function learnInteractively(
  content: ReturnType<typeof loadKnowledge>,
  config: ReturnType<typeof loadConfig>,
  knowledgeDir: string,
): Promise<number> {
  const kb = new KnowledgeBase(content, config.thresholds);
  const open = suggestAlternatives(buildReport(await new LowdbFeedbackStore(config.dataDir).list()), kb).filter(
    (s) => !s.existing,
  );
  if (open.length === 0) {
    console.log('No unanswered or clarified questions to learn from.');
    return 0;
  }
  const input = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const lines = input[Symbol.asyncIterator]();
  let added = 0;
  try {
    questions: for (const [i, s] of open.entries()) {
      const hints = [`${s.count}x`, `now: ${s.now}`];
      if (s.likely) hints.push(`likely ${s.likely.id}, confidence ${s.likely.confidence.toFixed(2)}`);
      if (s.chosen) hints.push(`users clicked ${s.chosen}`);
      console.log(`\n[${i + 1}/${open.length}] ${s.question}  (${hints.join('; ')})`);
      if (s.suggested) console.log(`  suggested entry ${s.suggested}: ${kb.entry(s.suggested)?.question}`);
      for (;;) {
        process.stdout.write(
          s.suggested
            ? `  add to ${s.suggested}? [j = yes, an entry id = that entry, n = skip, q = stop] `
            : '  add to which entry? [an entry id, n = skip, q = stop] ',
        );
        const next = await lines.next();
        if (next.done) break questions;
        if (!process.stdin.isTTY) process.stdout.write(`${next.value}\n`);
        const reply = next.value.trim().toLowerCase();
        if (reply === '' || reply === 'n' || reply === 'nee') break;
        if (reply === 'q' || reply === 'stop') break questions;
        const target = ['j', 'ja', 'y', 'yes'].includes(reply) ? s.suggested : reply;
        if (!target || !kb.entry(target)) {
          console.log(`  "${next.value.trim()}" is not an entry id`);
          continue;
        }
        try {
          const result = addAlternative(target, s.question, knowledgeDir);
          console.log(`  ${describeChange(result)}`);
          if (result.status === 'added') added++;
        } catch (err) {
          if (!(err instanceof LearningError)) throw err;
          console.log(`  not added: ${err.message}`);
        }
        break;
      }
    }
  } finally {
    input.close();
  }
  console.log(
    `\n${added} alternative(s) added. Check with npm run kb -- lint, then commit the changed knowledge files.`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof KnowledgeError || err instanceof LearningError ? `error ${err.message}` : err);
    process.exit(1);
  },
);
