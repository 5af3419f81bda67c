import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { LowdbFeedbackStore } from '../adapters/feedback/lowdbFeedbackStore.js';
import { loadConfig } from '../config/config.js';
import { loadDotEnv } from '../config/dotenv.js';
import { evaluate, formatReport, loadEvalSet } from '../knowledge/evaluation.js';
import { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError, loadKnowledge } from '../knowledge/knowledgeLoader.js';
import { lintEntries, loadLintSettings } from '../knowledge/lint.js';
import { buildReport, formatEditorReport } from '../knowledge/editorReport.js';

const USAGE = `Usage: npm run kb -- <command>
  lint                 check the knowledge files and point out content to review (exit 1 on errors only)
  ask [--json] [--explain]
                       read one question per line on stdin and print the decision for each
  eval [--set FILE] [--verbose]
                       measure retrieval on a labelled set (default test/fixtures/eval-set.yaml)
  report               list unanswered questions and answers with negative feedback (from DATA_DIR)`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, explain: { type: 'boolean' }, set: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  const command = positionals[0];
  loadDotEnv();
  const config = loadConfig(process.env);
  const content = loadKnowledge(); // throws KnowledgeError with file:line

  switch (command) {
    case 'lint': {
      const findings = lintEntries(content.entries, loadLintSettings(DEFAULT_KNOWLEDGE_DIR));
      for (const f of findings) console.log(`warning ${path.relative(process.cwd(), f.file)}:${f.line} [${f.entryId}] ${f.rule}: ${f.message}`);
      console.log(`${content.entries.length} entries, 0 errors, ${findings.length} warnings`);
      return 0;
    }
    case 'ask': {
      const kb = new KnowledgeBase(content, config.thresholds);
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of lines) {
        const q = line.trim();
        if (!q) continue;
        const decision = values.explain ? kb.explain(q) : kb.ask(q);
        if (values.json) process.stdout.write(`${JSON.stringify(decision)}\n`);
        else process.stdout.write(`${decision.decision}${decision.id ? ` ${decision.id}` : ''}${decision.dialog ? ` ${decision.dialog}` : ''}  ${decision.candidates.map((c) => `${c.id}:${c.score}`).join(' ')}  <- ${q}\n`);
      }
      return 0;
    }
    case 'eval': {
      const kb = new KnowledgeBase(content, config.thresholds);
      const report = evaluate(kb, loadEvalSet(values.set ?? 'test/fixtures/eval-set.yaml'));
      console.log(formatReport('Evaluation', report));
      if (values.verbose) for (const m of report.misses) console.log(`  miss: expected ${m.expected}, got ${m.got}: ${m.q}`);
      return 0;
    }
    case 'report': {
      const store = new LowdbFeedbackStore(config.dataDir);
      console.log(formatEditorReport(buildReport(await store.list()), content.entries));
      return 0;
    }
    default:
      console.error(USAGE);
      return values.help ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof KnowledgeError ? `error ${err.message}` : err);
    process.exit(1);
  },
);
