import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { CharNgramIndex } from './charNgramIndex.js';
import { createDutchAnalyzer, type DutchAnalyzer } from './dutchAnalyzer.js';
import { TermSearch } from './termSearch.js';
import { cachedPerWord } from './wordCache.js';
import type { DialogName, KnowledgeContent } from './types.js';

/** What a search can land on: an FAQ entry, or an intent that starts a guided dialog. */
export type Target = { kind: 'entry'; id: string } | { kind: 'intent'; id: DialogName };

/** One indexed document per target: what people ask (phrasings) and what the answer says. */
interface IndexedTarget {
  target: string;
  phrasings: string;
  answer: string;
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
  /** Character trigram similarity (0..1) of the question and the target's closest phrasing. */
  similarity: number;
  /** Normalised 0..1: coverage, damped by how far the score trails the best target, fused with the similarity. */
  confidence: number;
  /**
   * The confidence before it is capped at 1: a request lifts a dialog past an entry that both reach the cap
   * ("onze order klopt niet, graag aanpassen"), and only this still shows it.
   */
  strength: number;
}

export interface SearchOutcome {
  terms: TermMatch[];
  /** The question asks the bot to do something (a request phrase of the lexicon). */
  request: boolean;
  /** The question speaks of the user's own things ("mijn", "onze"). */
  own: boolean;
  /** The question asks how or why: a request phrase in it does not favour a dialog. */
  howTo: boolean;
  /**
   * The question has one word the content knows, and many targets share it ("licenties", "basispakketten?"): it
   * names a topic, not one question, so even a clear best match is a guess.
   */
  vague: boolean;
  ranked: RankedTarget[];
}

/** How much each field counts; the answer text helps, but phrasings say what the entry is about. */
const FIELD_WEIGHTS = { phrasings: 1, answer: 0.45 };
/** The indexed fields, in the order MiniSearch searches them. */
const FIELDS = ['phrasings', 'answer'];
/**
 * Coverage credit for a query term, by where the target has it: in the one phrasing that matches the question
 * best, in another of its phrasings, or only in its answer.
 */
const COVERAGE_CREDIT = { samePhrasing: 1, otherPhrasing: 0.75, answer: FIELD_WEIGHTS.answer };
/** How much the share of the phrasing covered by the question counts beside the share of the question covered. */
const PRECISION_SHARE = 0.3;
export interface FaqIndexOptions {
  /**
   * Weight of a query word the content never uses, relative to the rarest indexed word. Unknown words are what
   * out-of-scope questions are about ("wachtwoord", "printer"), but also filler ("oeps", "gebleven").
   * @default 1.2
   */
  unknownTermWeight: number;
  /**
   * Weight of an unknown general word (greeting, filler, everyday verb: `general-words.txt`): it lowers confidence a
   * little but does not sink a question whose content words match.
   * @default 0.05
   */
  generalTermWeight: number;
  /**
   * Share of the character trigram similarity in the confidence; the rest is word coverage. Trigrams carry typos
   * inside compounds and wrongly split or joined words that word matching misses.
   * @default 0.5
   */
  ngramWeight: number;
  /**
   * Extra confidence (a share) for intents when the question asks the bot to do something ("kun je ... nakijken",
   * "laat ... zien": `request_phrases` in the lexicon): then "wat staat er in mijn winkelwagen" is a look-up.
   * @default 0.7
   */
  requestBoost: number;
  /**
   * Extra confidence for intents when the question speaks of the user's own things ("mijn bestelling", "onze
   * winkelwagen": `own_words` in the lexicon), smaller than for a request: FAQ questions say "mijn" too.
   * @default 0.1
   */
  ownBoost: number;
  /**
   * Factor on intents when the question asks how or why (`how_to_phrases`): "waarom staan de basispakketten niet
   * in de winkelwagen?" wants the FAQ's explanation, not a look-up of the cart.
   * @default 0.7
   */
  howToFactor: number;
  /**
   * Weight, as a multiple of the rarest term's IDF, of a word naming another topic (`other-topics.txt`) that the
   * content does not use: "Hoe installeer ik Office op de laptops?" is about installing, not about licences.
   * @default 2
   */
  otherTopicWeight: number;
}
export const DEFAULT_INDEX_OPTIONS: FaqIndexOptions = {
  unknownTermWeight: 1.2,
  otherTopicWeight: 2,
  generalTermWeight: 0.05,
  ngramWeight: 0.5,
  requestBoost: 0.7,
  ownBoost: 0.1,
  howToFactor: 0.7,
};

/** The unbounded confidence of a target whose phrasing the question is, word for word: above any boosted one. */
const EXACT_PHRASING = 3;
/**
 * A number the content also has ("30", "90") counts half: "we hebben er 30 te veel besteld" is not about the
 * FAQ's "30 dagen". Years ("2026") count fully.
 */
const KNOWN_COUNT_FACTOR = 0.5;
const isCount = (term: string) => /^\d+$/.test(term) && !/^20\d\d$/.test(term);
/** Typo-corrected terms count a bit less than exact ones. */
const CORRECTED_TERM_FACTOR = 0.8;
const MAX_RESULTS = 30;
/** Targets the trigram similarity adds to the word search's candidates. */
const NGRAM_CANDIDATES = 10;
/**
 * Terms in more documents than this are left out of the MiniSearch query (they still count for coverage):
 * they add little to the ranking and most of the cost. Never reached with the 20-entry FAQ; keeps queries
 * fast in a 10,000-entry one (see bench/).
 */
const MAX_POSTINGS = 200;
/** A term in at least this share of the targets names a topic, not a question (see SearchOutcome.vague). */
const VAGUE_DF_SHARE = 0.3;

const targetKey = (t: Target) => `${t.kind}:${t.id}`;
interface TargetTerms {
  /** Total IDF weight of each phrasing's terms. */
  weights: number[];
  /** For each term of the target's phrasings: the indexes of the phrasings that contain it. */
  phrasingsWith: Map<string, number[]>;
  answer: Set<string>;
}

/** A query's resolved terms in order, with their summed weights and IDFs (parallel arrays). */
interface QueryTerms {
  terms: string[];
  weights: number[];
  idfs: number[];
}

const parseTargetKey = (key: string): Target => {
  const [kind, id] = key.split(/:(.*)/s);
  return kind === 'intent' ? { kind, id: id as DialogName } : { kind: 'entry', id };
};

/**
 * Coverage by one phrasing: the query weight covered (`base`, found anywhere in the target, plus what this phrasing
 * holds itself), with a little credit for the share of the phrasing's own weight the question matched (precision).
 */
function phrasingCoverage(
  base: number,
  covered: number,
  matched: number,
  phrasingWeight: number,
  totalWeight: number,
): number {
  const precision = phrasingWeight > 0 ? matched / phrasingWeight : 0;
  return Math.min(1, (base + covered) / totalWeight) * (1 - PRECISION_SHARE + PRECISION_SHARE * precision);
}

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
  private readonly search: MiniSearch<IndexedTarget>;
  /** The same search, from per-term results (see TermSearch). */
  private readonly termSearch: TermSearch;
  private readonly idf = new Map<string, number>();
  private readonly vocabulary = new SearchableMap<number>();
  private readonly maxIdf: number;
  /** Per target: the phrasings' total IDF weights, which phrasings hold each term, and the answer's terms. */
  private readonly termsOf = new Map<string, TargetTerms>();
  /** Parsed target of each document id, so ranking does not parse keys per query. */
  private readonly targets = new Map<string, Target>();
  private readonly df = new Map<string, number>();
  private readonly ngrams: CharNgramIndex;
  /**
   * Every phrasing as its normalised tokens, with its target (null when two targets share it): a question typed
   * exactly as an editor wrote one is never vague, and goes to that target ("medewerker" is the handoff's).
   */
  private readonly phrasingTexts = new Map<string, string | null>();
  /** Per-phrasing sums of one coverage call, reused (sized for the target with the most phrasings). */
  private readonly scratch: { covered: Float64Array; matched: Float64Array; touched: Uint32Array };

  constructor(
    content: Pick<KnowledgeContent, 'entries' | 'intents' | 'lexicon'>,
    private readonly options: FaqIndexOptions = DEFAULT_INDEX_OPTIONS,
  ) {
    const docs: IndexedTarget[] = [
      ...content.entries.map((e) => ({
        target: targetKey({ kind: 'entry', id: e.id }),
        phrasings: [e.question, ...e.alternatives].join('\n'),
        answer: e.answer,
      })),
      ...content.intents.map((i) => ({
        target: targetKey({ kind: 'intent', id: i.name }),
        phrasings: [...i.examples, i.description].join('\n'),
        answer: '',
      })),
    ];

    this.analyzer = createDutchAnalyzer({
      lexicon: content.lexicon,
      vocabulary: docs.flatMap((d) => [d.phrasings, d.answer]),
    });
    const analyzer = this.analyzer;
    this.search = new MiniSearch<IndexedTarget>({
      idField: 'target',
      fields: FIELDS,
      tokenize: (text) => analyzer.terms(text),
      processTerm: (term) => term,
      searchOptions: {
        tokenize: (query) => query.split(' '),
        processTerm: (term) => term,
        combineWith: 'OR',
        boost: FIELD_WEIGHTS,
        // Many alternative phrasings make the field long; that must not make an entry less relevant.
        bm25: { k: 1.2, b: 0.3, d: 0.5 },
      },
    });
    this.search.addAll(docs);
    this.termSearch = new TermSearch(
      this.search,
      docs.map((d) => d.target),
      FIELDS,
    );

    const phrasingsOf = (d: IndexedTarget) => d.phrasings.split('\n');
    const analysed = docs.map((d) => {
      const phrasings = phrasingsOf(d).map((p) => new Set(analyzer.terms(p)));
      const answer = new Set(analyzer.terms(d.answer));
      const all = new Set(phrasings.flatMap((p) => [...p]));
      for (const term of new Set([...all, ...answer])) this.df.set(term, (this.df.get(term) ?? 0) + 1);
      return { target: d.target, phrasings, all, answer };
    });
    for (const [term, df] of this.df) {
      this.idf.set(term, Math.log(1 + docs.length / df));
      this.vocabulary.set(term, df);
    }
    // What coverage needs per target, independent of the query, worked out once here rather than per result.
    for (const { target, phrasings, answer } of analysed) {
      const phrasingsWith = new Map<string, number[]>();
      phrasings.forEach((terms, i) => {
        for (const term of terms) phrasingsWith.set(term, [...(phrasingsWith.get(term) ?? []), i]);
      });
      const weights = phrasings.map((terms) => [...terms].reduce((sum, term) => sum + this.idf.get(term)!, 0));
      this.termsOf.set(target, { weights, phrasingsWith, answer });
      this.targets.set(target, parseTargetKey(target));
    }
    const most = Math.max(0, ...[...this.termsOf.values()].map((t) => t.weights.length));
    this.scratch = { covered: new Float64Array(most), matched: new Float64Array(most), touched: new Uint32Array(most) };
    this.maxIdf = Math.log(1 + docs.length / 0.5);
    for (const d of docs)
      for (const p of phrasingsOf(d)) {
        const text = analyzer.tokens(p).join(' ');
        const other = this.phrasingTexts.get(text);
        this.phrasingTexts.set(text, other === undefined || other === d.target ? d.target : null);
      }
    this.ngrams = new CharNgramIndex(
      docs.flatMap((d) => phrasingsOf(d).map((p): [string, string[]] => [d.target, analyzer.contentWords(p)])),
    );
  }

  get size(): number {
    return this.search.documentCount;
  }

  /** Maps each analysed query term to an indexed term: itself, a typo correction, or nothing. */
  resolveTerms(query: string): TermMatch[] {
    return this.resolve(this.analyzer.terms(query));
  }

  private resolve(analysed: string[]): TermMatch[] {
    return [...new Set(analysed)].map(this.resolveTerm);
  }

  /** Per term, cached: the typo correction searches the whole vocabulary. Frozen, as queries share them. */
  private readonly resolveTerm = cachedPerWord((term: string): TermMatch => Object.freeze(this.resolveUncached(term)));

  private resolveUncached(term: string): TermMatch {
    const idf = this.idf.get(term);
    if (idf !== undefined) return { term, resolved: term, weight: isCount(term) ? idf * KNOWN_COUNT_FACTOR : idf };
    // A word for another topic is not a typo of ours ("installeer" is not "invaller", "training" not "tracking").
    if (this.analyzer.isOtherTopic(term))
      return { term, resolved: null, weight: this.maxIdf * this.options.otherTopicWeight };
    const distance = maxEditDistance(term);
    if (distance > 0) {
      let best: { term: string; distance: number; df: number } | undefined;
      for (const [candidate, [df, d]] of this.vocabulary.fuzzyGet(term, distance)) {
        // People rarely mistype a word's first letter; a "correction" that changes it is another word
        // ("magister" is not "gister").
        if (candidate[0] !== term[0]) continue;
        if (!best || d < best.distance || (d === best.distance && df > best.df))
          best = { term: candidate, distance: d, df };
      }
      if (best) return { term, resolved: best.term, weight: this.idf.get(best.term)! * CORRECTED_TERM_FACTOR };
    }
    // An unknown word weighs like the rarest word: it may well be what the question is about ("wachtwoord").
    // A general one ("gebleven", "goedemiddag") hardly says what the question is about.
    const factor = this.analyzer.isGeneral(term) ? this.options.generalTermWeight : this.options.unknownTermWeight;
    return { term, resolved: null, weight: this.maxIdf * factor };
  }

  /**
   * Share (0..1) of the query's IDF weight the target has, taking the phrasing that matches best. A phrasing
   * that the question covers almost entirely counts a little more than a long one it only touches, so
   * "Is mijn bestelling afgerond?" beats a long question that happens to contain both words.
   */
  private coverage(target: string, query: QueryTerms, totalWeight: number): number {
    const { weights: phrasingWeights, phrasingsWith, answer } = this.termsOf.get(target)!;
    // Every phrasing gets the credit of the terms found elsewhere in the target; the phrasings that hold a term
    // themselves get the rest of its credit, and count it toward their own precision.
    // Only the phrasings holding a query term are visited (an intent has 50+); the others all score alike, with
    // nothing covered or matched of their own. The scratch arrays are zero outside a call.
    let base = 0;
    const { covered, matched, touched } = this.scratch;
    let touchedCount = 0;
    for (let t = 0; t < query.terms.length; t++) {
      const term = query.terms[t];
      const weight = query.weights[t];
      const holders = phrasingsWith.get(term);
      if (holders) {
        base += weight * COVERAGE_CREDIT.otherPhrasing;
        const idf = query.idfs[t];
        for (const i of holders) {
          if (matched[i] === 0) touched[touchedCount++] = i;
          covered[i] += weight * (COVERAGE_CREDIT.samePhrasing - COVERAGE_CREDIT.otherPhrasing);
          matched[i] += idf;
        }
      } else if (answer.has(term)) base += weight * COVERAGE_CREDIT.answer;
    }
    let best = touchedCount < phrasingWeights.length ? phrasingCoverage(base, 0, 0, 1, totalWeight) : 0;
    for (let k = 0; k < touchedCount; k++) {
      const i = touched[k];
      best = Math.max(best, phrasingCoverage(base, covered[i], matched[i], phrasingWeights[i], totalWeight));
      covered[i] = 0;
      matched[i] = 0;
    }
    return best;
  }

  query(query: string): SearchOutcome {
    const analysed = this.analyzer.analyze(query);
    const { request, own, howTo } = analysed;
    const terms = this.resolve(analysed.terms);
    const known = [...new Set(terms.flatMap((t) => (t.resolved ? [t.resolved] : [])))];
    const similar = analysed.contentWords.length ? this.ngrams.match(analysed.contentWords, NGRAM_CANDIDATES) : [];
    const exact = this.phrasingTexts.get(analysed.tokens.join(' '));
    const vague =
      known.length === 1 &&
      this.df.get(known[0])! >= VAGUE_DF_SHARE * this.size &&
      terms.every((t) => t.resolved || this.analyzer.isGeneral(t.term)) &&
      exact === undefined;
    if (known.length === 0 && similar.length === 0) return { terms, request, own, howTo, vague, ranked: [] };

    const weightOfResolved = new Map<string, number>();
    for (const t of terms)
      if (t.resolved) weightOfResolved.set(t.resolved, (weightOfResolved.get(t.resolved) ?? 0) + t.weight);
    // As arrays, with each term's IDF, once per query rather than once per target and term in coverage.
    const queryTerms: QueryTerms = {
      terms: [...weightOfResolved.keys()],
      weights: [...weightOfResolved.values()],
      idfs: [],
    };
    for (const term of queryTerms.terms) queryTerms.idfs.push(this.idf.get(term)!);
    const totalWeight = terms.reduce((sum, t) => sum + t.weight, 0);

    // The rare terms find the candidates; the common ones only weigh in on coverage (see MAX_POSTINGS).
    const byRarity = [...known].sort((a, b) => this.df.get(a)! - this.df.get(b)!);
    const selective = byRarity.filter((t) => this.df.get(t)! <= MAX_POSTINGS);
    // Only common terms ("prijs basispakket" in a large FAQ): the rarest one, in the phrasings alone, where it says
    // what a question is about; in every answer too it would score a tenth of the index.
    const results = !known.length
      ? []
      : selective.length
        ? this.termSearch.query(selective)
        : this.search.search(byRarity[0], { fields: ['phrasings'] });
    const best = results[0]?.score ?? 1;
    // Results come sorted by score; past the first MAX_RESULTS nothing can reach the top three.
    const scoreOf = new Map(results.slice(0, MAX_RESULTS).map((r) => [r.id as string, r.score]));
    const similarityOf = new Map(similar.map((m) => [m.target, m.similarity]));
    const { ngramWeight } = this.options;
    const scored = [...new Set([...scoreOf.keys(), ...similarityOf.keys()])].map((key) => {
      const score = scoreOf.get(key) ?? 0;
      const similarity = similarityOf.get(key) ?? 0;
      const coverage = totalWeight > 0 ? this.coverage(key, queryTerms, totalWeight) : 0;
      const target = this.targets.get(key)!;
      const boost =
        target.kind === 'intent'
          ? (1 + (request && !howTo ? this.options.requestBoost : 0) + (own ? this.options.ownBoost : 0)) *
            (howTo ? this.options.howToFactor : 1)
          : 1;
      // Trigrams can only raise a word match: a question in words the phrasings share ("vorig jaar 40 A3") but
      // spelled apart from all of them must not sink for lack of shared trigrams.
      const words = coverage * Math.sqrt(score / best);
      const matched = boost * ((1 - ngramWeight) * words + ngramWeight * Math.max(similarity, words));
      // An editor's phrasing typed as is goes to its target, past any boost of another.
      const unbounded = key === exact ? Math.max(matched, EXACT_PHRASING) : matched;
      return {
        ranked: { target, score, coverage, similarity, confidence: Math.min(1, unbounded), strength: unbounded },
        unbounded,
      };
    });
    // Ordered before the cap: two boosted intents that both reach 1 are still told apart by how well they match.
    scored.sort((a, b) => b.unbounded - a.unbounded || b.ranked.score - a.ranked.score);
    return { terms, request, own, howTo, vague, ranked: scored.map((s) => s.ranked) };
  }
}
