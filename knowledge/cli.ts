import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { LowdbFeedbackStore } from '../adapters/feedback/lowdbFeedbackStore.js';
import { loadConfig } from '../bot/config.js';
import { loadDotEnv } from '../bot/dotenv.js';
import { evaluate, formatReport, loadEvalSet } from './evaluation.js';
import { KnowledgeBase } from './knowledgeBase.js';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError, loadKnowledge } from './knowledgeLoader.js';
import { lintEntries, loadLintSettings } from './lint.js';
import { buildReport, formatEditorReport } from './editorReport.js';

const USAGE = `Usage: npm run kb -- <command>
  lint [--knowledge-dir DIR]
                       check the knowledge files; exit 1 on a slip nobody reviewed (see the content files' header)
  ask [--json] [--explain]
                       read one question per line on stdin and print the decision for each
  eval [--set FILE] [--verbose]
                       measure retrieval on a labelled set (default test/fixtures/eval-set.yaml)
  report               list unanswered questions and answers with negative feedback (from DATA_DIR)`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'knowledge-dir': { type: 'string' }, json: { type: 'boolean' }, explain: { type: 'boolean' }, set: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean' } },
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
      for (const f of findings) console.log(`${label[f.severity]} ${path.relative(process.cwd(), f.file)}:${f.line} [${f.entryId}] ${f.rule}: ${f.message}`);
      const count = (s: string) => findings.filter((f) => f.severity === s).length;
      const corrected = content.entries.flatMap((e) => e.editorNotes.filter((n) => n.status === 'corrected')).length;
      console.log(`${content.entries.length} entries, ${count('error')} errors, ${count('warning')} warnings, ${count('editors')} marked for SLB's editors, ${corrected} corrected (editor notes)`);
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
