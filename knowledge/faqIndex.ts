import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { createDutchAnalyzer, type DutchAnalyzer } from './dutchAnalyzer.js';
import type { DialogName, KnowledgeContent } from './types.js';

/** What a search can land on: an FAQ entry, or an intent that starts a guided dialog. */
export type Target = { kind: 'entry'; id: string } | { kind: 'intent'; id: DialogName };

interface IndexedText {
  key: number;
  target: string;
  text: string;
  weight: number;
}

export interface TermMatch {
  /** The analysed query term. */
  term: string;
  /** The indexed term it was resolved to (differs after typo correction), or null when unknown. */
  resolved: string | null;
  weight: number;
}

export interface RankedTarget {
  target: Target;
  /** The BM25 score of the best matching text of this target. */
  score: number;
  /** Share of the query's weight (IDF) this target matched, 0..1. */
  coverage: number;
  /** Normalised 0..1: coverage, damped by how far the score trails the best target. */
  confidence: number;
}

export interface SearchOutcome {
  terms: TermMatch[];
  ranked: RankedTarget[];
}

/** How much each kind of text counts; the answer text helps, but phrasings say what the entry is about. */
const WEIGHTS = { question: 1, alternative: 1, example: 1, description: 0.6, answer: 0.45 };
export interface FaqIndexOptions {
  /**
   * Weight of a query word the content never uses, relative to the rarest indexed word. Unknown words are what
   * out-of-scope questions are about ("wachtwoord", "printer"), but also filler ("oeps", "gebleven").
   * @default 1
   */
  unknownTermWeight: number;
}
export const DEFAULT_INDEX_OPTIONS: FaqIndexOptions = { unknownTermWeight: 1 };

/** Typo-corrected terms count a bit less than exact ones. */
const CORRECTED_TERM_FACTOR = 0.8;

const targetKey = (t: Target) => `${t.kind}:${t.id}`;
const parseTargetKey = (key: string): Target => {
  const [kind, id] = key.split(/:(.*)/s);
  return kind === 'intent' ? { kind, id: id as DialogName } : { kind: 'entry', id };
};

function maxEditDistance(term: string): number {
  if (term.length < 5) return 0;
  return term.length < 8 ? 1 : 2;
}

/**
 * MiniSearch over every phrasing of every entry and intent, with Dutch analysis, typo correction against
 * the indexed vocabulary, and an IDF-weighted coverage score that makes confidence comparable across queries.
 */
export class FaqIndex {
  readonly analyzer: DutchAnalyzer;
  private readonly search: MiniSearch<IndexedText>;
  private readonly idf = new Map<string, number>();
  private readonly vocabulary = new SearchableMap<number>();
  private readonly maxIdf: number;
  private readonly weightOfKey: number[] = [];

  constructor(
    content: Pick<KnowledgeContent, 'entries' | 'intents' | 'lexicon'>,
    private readonly options: FaqIndexOptions = DEFAULT_INDEX_OPTIONS,
  ) {
    const texts: IndexedText[] = [];
    const add = (target: Target, text: string, weight: number) => {
      texts.push({ key: texts.length, target: targetKey(target), text, weight });
      this.weightOfKey.push(weight);
    };
    for (const entry of content.entries) {
      const target: Target = { kind: 'entry', id: entry.id };
      add(target, entry.question, WEIGHTS.question);
      entry.alternatives.forEach((alt) => add(target, alt, WEIGHTS.alternative));
      add(target, entry.answer, WEIGHTS.answer);
    }
    for (const intent of content.intents) {
      const target: Target = { kind: 'intent', id: intent.name };
      intent.examples.forEach((example) => add(target, example, WEIGHTS.example));
      add(target, intent.description, WEIGHTS.description);
    }

    this.analyzer = createDutchAnalyzer({ lexicon: content.lexicon, vocabulary: texts.map((t) => t.text) });
    const analyzer = this.analyzer;
    this.search = new MiniSearch<IndexedText>({
      idField: 'key',
      fields: ['text'],
      storeFields: ['target'],
      tokenize: (text) => analyzer.terms(text),
      processTerm: (term) => term,
      searchOptions: { tokenize: (query) => query.split(' '), processTerm: (term) => term, combineWith: 'OR' },
    });
    this.search.addAll(texts);

    // Document frequency per target (not per text), so a term repeated in many phrasings of one entry stays rare.
    const targetsOfTerm = new Map<string, Set<string>>();
    for (const t of texts) {
      for (const term of analyzer.terms(t.text)) {
        const set = targetsOfTerm.get(term) ?? new Set();
        set.add(t.target);
        targetsOfTerm.set(term, set);
      }
    }
    const targetCount = new Set(texts.map((t) => t.target)).size;
    for (const [term, targets] of targetsOfTerm) {
      this.idf.set(term, Math.log(1 + targetCount / targets.size));
      this.vocabulary.set(term, targets.size);
    }
    this.maxIdf = Math.log(1 + targetCount / 0.5);
  }

  get size(): number {
    return this.search.documentCount;
  }

  /** Maps each analysed query term to an indexed term: itself, a typo correction, or nothing. */
  resolveTerms(query: string): TermMatch[] {
    const unique = [...new Set(this.analyzer.terms(query))];
    return unique.map((term) => {
      const idf = this.idf.get(term);
      if (idf !== undefined) return { term, resolved: term, weight: idf };
      const distance = maxEditDistance(term);
      if (distance > 0) {
        let best: { term: string; distance: number; df: number } | undefined;
        for (const [candidate, [df, d]] of this.vocabulary.fuzzyGet(term, distance)) {
          if (!best || d < best.distance || (d === best.distance && df > best.df)) best = { term: candidate, distance: d, df };
        }
        if (best) return { term, resolved: best.term, weight: this.idf.get(best.term)! * CORRECTED_TERM_FACTOR };
      }
      // An unknown word weighs like the rarest word: it may well be what the question is about.
      return { term, resolved: null, weight: this.maxIdf * this.options.unknownTermWeight };
    });
  }

  query(query: string): SearchOutcome {
    const terms = this.resolveTerms(query);
    const known = [...new Set(terms.flatMap((t) => (t.resolved ? [t.resolved] : [])))];
    if (known.length === 0) return { terms, ranked: [] };

    const weightOfResolved = new Map<string, number>();
    for (const t of terms) if (t.resolved) weightOfResolved.set(t.resolved, (weightOfResolved.get(t.resolved) ?? 0) + t.weight);
    const totalWeight = terms.reduce((sum, t) => sum + t.weight, 0);

    const byTarget = new Map<string, { score: number; matched: Map<string, number> }>();
    const results = this.search.search(known.join(' '), {
      boostDocument: (key) => this.weightOfKey[key as number] ?? 1,
    });
    for (const result of results) {
      const key = result.target as string;
      const entry = byTarget.get(key) ?? { score: 0, matched: new Map<string, number>() };
      entry.score = Math.max(entry.score, result.score);
      const textWeight = this.weightOfKey[result.id as number] ?? 1;
      for (const term of result.queryTerms) {
        // A term found only in the answer text counts for less than one found in a phrasing.
        entry.matched.set(term, Math.max(entry.matched.get(term) ?? 0, Math.min(1, textWeight / WEIGHTS.question)));
      }
      byTarget.set(key, entry);
    }
    const best = Math.max(...[...byTarget.values()].map((e) => e.score));
    const ranked = [...byTarget.entries()].map(([key, { score, matched }]) => {
      let covered = 0;
      for (const [term, factor] of matched) covered += (weightOfResolved.get(term) ?? 0) * factor;
      const coverage = Math.min(1, covered / totalWeight);
      return { target: parseTargetKey(key), score, coverage, confidence: coverage * Math.sqrt(score / best) };
    });
    ranked.sort((a, b) => b.confidence - a.confidence || b.score - a.score);
    return { terms, ranked };
  }
}
