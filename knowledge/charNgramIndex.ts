/**
 * Character trigram similarity between a question and the phrasings of each target, beside the word-level BM25.
 *
 * Words are joined without spaces before the trigrams are taken, so a compound split or joined the wrong way
 * ("winkel wagen", "basispakketen", "beheerders portal") shares nearly all its trigrams with the right spelling,
 * and a typo inside a long compound costs three trigrams instead of the whole word.
 */
export interface NgramMatch {
  target: string;
  /** Weighted Dice coefficient (0..1) of the question's trigrams and those of the target's closest phrasing. */
  similarity: number;
}

const N = 3;
/** Trigrams in more phrasings than this share are skipped while scoring: they cost the most and say the least. */
const MAX_DF_SHARE = 0.02;
const MIN_DF_CAP = 300;

export function trigramsOf(words: readonly string[]): string[] {
  const text = `#${words.join('')}#`;
  const grams: string[] = [];
  for (let i = 0; i + N <= text.length; i++) grams.push(text.slice(i, i + N));
  return grams;
}

/** A trigram's weight and the phrasings that have it (one look-up per trigram of a question). */
interface Gram {
  idf: number;
  postings: Uint32Array;
}

export class CharNgramIndex {
  private readonly grams = new Map<string, Gram>();
  /** Per phrasing: its target (an index into `targets`) and the total IDF weight of its trigrams. */
  private readonly targets: string[] = [];
  private readonly phrasingTarget: Uint32Array;
  private readonly phrasingWeight: Float64Array;
  private readonly dfCap: number;
  private readonly maxIdf: number;
  /** Scratch space for one query's overlaps, reused: a query touches thousands of phrasings in a large FAQ. */
  private readonly overlap: Float64Array;
  private readonly touched: Uint32Array;
  private readonly bestOfTarget: Float64Array;
  private readonly touchedTargets: Uint32Array;

  /** @param phrasings target key -> the word lists (analysed but unstemmed) of its phrasings */
  constructor(phrasings: Iterable<[target: string, words: string[]]>) {
    const gramsOf: Array<Set<string>> = [];
    const lists = new Map<string, number[]>();
    const targetIndex = new Map<string, number>();
    const phrasingTarget: number[] = [];
    for (const [target, words] of phrasings) {
      const grams = new Set(trigramsOf(words));
      const index = phrasingTarget.length;
      if (!targetIndex.has(target)) targetIndex.set(target, this.targets.push(target) - 1);
      phrasingTarget.push(targetIndex.get(target)!);
      gramsOf.push(grams);
      for (const gram of grams) {
        const list = lists.get(gram);
        if (list) list.push(index);
        else lists.set(gram, [index]);
      }
    }
    this.phrasingTarget = Uint32Array.from(phrasingTarget);
    const n = phrasingTarget.length;
    for (const [gram, list] of lists)
      this.grams.set(gram, { idf: Math.log(1 + n / list.length), postings: Uint32Array.from(list) });
    this.maxIdf = Math.log(1 + n);
    this.phrasingWeight = Float64Array.from(gramsOf, (grams) =>
      [...grams].reduce((sum, g) => sum + this.grams.get(g)!.idf, 0),
    );
    this.dfCap = Math.max(MIN_DF_CAP, Math.floor(n * MAX_DF_SHARE));
    this.overlap = new Float64Array(n);
    this.touched = new Uint32Array(n);
    this.bestOfTarget = new Float64Array(this.targets.length);
    this.touchedTargets = new Uint32Array(this.targets.length);
  }

  /** The targets whose phrasings share trigrams with the question, best first. */
  match(words: readonly string[], limit: number): NgramMatch[] {
    const grams = new Set(trigramsOf(words));
    let queryWeight = 0;
    let touchedCount = 0;
    const { overlap, touched } = this;
    for (const gram of grams) {
      const known = this.grams.get(gram);
      // A trigram no phrasing has weighs like the rarest: the question is about something the content lacks.
      queryWeight += known?.idf ?? this.maxIdf;
      if (known === undefined) continue;
      const { idf, postings: list } = known;
      if (list.length > this.dfCap) continue;
      for (let k = 0; k < list.length; k++) {
        const i = list[k];
        if (overlap[i] === 0) touched[touchedCount++] = i;
        overlap[i] += idf;
      }
    }
    const { bestOfTarget, touchedTargets } = this;
    let targetCount = 0;
    for (let k = 0; k < touchedCount; k++) {
      const i = touched[k];
      const similarity = (2 * overlap[i]) / (queryWeight + this.phrasingWeight[i]);
      overlap[i] = 0;
      const t = this.phrasingTarget[i];
      if (bestOfTarget[t] === 0) touchedTargets[targetCount++] = t;
      if (similarity > bestOfTarget[t]) bestOfTarget[t] = similarity;
    }
    // Keep the best `limit` with a small insertion list instead of sorting every target touched.
    const top: NgramMatch[] = [];
    for (let k = 0; k < targetCount; k++) {
      const t = touchedTargets[k];
      const similarity = bestOfTarget[t];
      bestOfTarget[t] = 0;
      if (top.length === limit && similarity <= top[limit - 1].similarity) continue;
      let at = top.length;
      while (at > 0 && top[at - 1].similarity < similarity) at--;
      top.splice(at, 0, { target: this.targets[t], similarity });
      if (top.length > limit) top.pop();
    }
    return top;
  }
}
