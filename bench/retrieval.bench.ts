// Retrieval benchmark: our Dutch pipeline beside plain MiniSearch defaults, in one run.
// Quality on the labelled eval set, then index build time and query latency at 20 and 10,000 entries.
// Usage: npm run bench [-- --runs 2000]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { evaluate, formatComparison, loadEvalSet } from '../knowledge/evaluation.js';
import { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { loadKnowledge } from '../knowledge/knowledgeLoader.js';
import { PlainMiniSearch } from '../knowledge/plainMiniSearch.js';
import type { KnowledgeContent, KnowledgeEntry } from '../knowledge/types.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '2000' },
    set: { type: 'string', default: 'test/fixtures/test-set.yaml' },
  },
});
const RUNS = Number(values.runs);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function generateContent(base: KnowledgeContent, n: number): KnowledgeContent {
  // Deterministic synthetic entries shaped like a large FAQ: each mixes a few of the FAQ's own words (so the
  // real entries have to be found among look-alikes) with generated Dutch-looking words drawn Zipf-like from a
  // 30,000-word vocabulary (a few common, most rare, as in real text).
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const syllables = [
    'be',
    'ver',
    'ont',
    'lei',
    'ding',
    'school',
    'kos',
    'ten',
    'over',
    'zicht',
    'aan',
    'vraag',
    'plan',
    'ning',
    'data',
    'net',
    'werk',
    'rooster',
    'lokaal',
    'toets',
    'cijfer',
    'mento',
    'raad',
    'les',
    'pak',
    'ket',
    'dienst',
    'bord',
    'tab',
    'let',
    'print',
    'er',
  ];
  const real = [...new Set(base.entries.flatMap((e) => `${e.question} ${e.answer}`.split(/\s+/)))].filter(
    (w) => w.length > 3,
  );
  const invented = Array.from({ length: 30_000 }, () =>
    Array.from({ length: 2 + Math.floor(random() * 2) }, () => syllables[Math.floor(random() * syllables.length)]).join(
      '',
    ),
  );
  const pick = <T>(list: T[], skew = 1) => list[Math.floor(list.length * random() ** skew)];
  const text = (realWords: number, inventedWords: number) =>
    [
      ...Array.from({ length: realWords }, () => pick(real)),
      ...Array.from({ length: inventedWords }, () => pick(invented, 2)),
    ]
      .sort(() => random() - 0.5)
      .join(' ');
  const entries: KnowledgeEntry[] = [...base.entries];
  for (let i = entries.length; i < n; i++) {
    const id = `${9 + Math.floor(i / 1000)}.${(i % 1000) + 1}`;
    entries.push({
      ...base.entries[0],
      id,
      question: `${text(2, 7)}?`,
      answer: text(5, 40),
      alternatives: [text(2, 5)],
      related: [],
      dialog: undefined,
    });
  }
  return { ...base, entries };
}

function timeQueries(
  search: (q: string) => unknown,
  queries: string[],
): { p50: number; p99: number; perSecond: number } {
  for (let i = 0; i < 200; i++) search(queries[i % queries.length]); // warm up
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    search(queries[i % queries.length]);
    times.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), perSecond: (RUNS / total) * 1000 };
}

function timeBuild(build: () => unknown, repeat: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    build();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

const content = loadKnowledge();
const set = loadEvalSet(values.set!);
const ours = evaluate(new KnowledgeBase(content), set);
const plain = evaluate(new PlainMiniSearch(content.entries), set);

console.log(`Quality on ${values.set}\n`);
console.log(
  formatComparison([
    { name: 'plain MiniSearch', report: plain },
    { name: 'ours', report: ours },
  ]),
);

const queries = [...Object.values(set.paraphrases).flat(), ...set.out_of_scope, ...Object.values(set.intents).flat()];
console.log(`\nSpeed (${RUNS} queries each, median of builds; ms)\n`);
console.log('| entries | index | build ms | query p50 ms | query p99 ms | queries/s |');
console.log('|---|---|---|---|---|---|');
for (const size of [20, 10_000]) {
  const sized = size === 20 ? content : generateContent(content, size);
  const repeat = size === 20 ? 20 : 3;
  const plainBuild = timeBuild(() => new PlainMiniSearch(sized.entries), repeat);
  const oursBuild = timeBuild(() => new KnowledgeBase(sized), repeat);
  const plainIndex = new PlainMiniSearch(sized.entries);
  const kb = new KnowledgeBase(sized);
  const p = timeQueries((q) => plainIndex.explain(q), queries);
  const o = timeQueries((q) => kb.ask(q), queries);
  console.log(
    `| ${size} | plain MiniSearch | ${plainBuild.toFixed(1)} | ${p.p50.toFixed(3)} | ${p.p99.toFixed(3)} | ${p.perSecond.toFixed(0)} |`,
  );
  console.log(
    `| ${size} | ours | ${oursBuild.toFixed(1)} | ${o.p50.toFixed(3)} | ${o.p99.toFixed(3)} | ${o.perSecond.toFixed(0)} |`,
  );
}
