import type MiniSearch from 'minisearch';
import { cachedPerWord } from './wordCache.js';

/** One document a term scores on: its id, where it was added, and the term's BM25 score summed over its fields. */
interface TermHit {
  id: string;
  score: number;
}

export interface TermSearchResult {
  id: string;
  score: number;
}

/**
 * MiniSearch's `search(terms.join(' '))` (OR, no prefix or fuzzy matching, no filter) over an index that no longer
 * changes, from each term's results worked out once per word.
 *
 * MiniSearch scores a query term by term, then adds the scores up per document and multiplies by the number of
 * query terms the document matched; per query that rebuilt option objects, result maps and result objects for
 * every term, a third of the FAQ search. A term's scores depend on the term and the index alone, so they are
 * computed once (with MiniSearch itself) and combined here the way MiniSearch combines them: same additions in the
 * same order, the same stable sort, so the same scores and ranking to the last bit. It never holds whole queries.
 */
export class TermSearch {
  private readonly hitsOf: (term: string) => readonly TermHit[];

  /**
   * @param ids the document ids in the order they were added to the index
   * @param fields the fields searched, in the order MiniSearch visits them (its `fields` option)
   */
  constructor(
    private readonly search: MiniSearch,
    ids: readonly string[],
    fields: readonly string[],
  ) {
    const added = new Map(ids.map((id, i) => [id, i]));
    this.hitsOf = cachedPerWord((term: string): readonly TermHit[] => {
      const hits = search.search(term).map((r) => ({
        id: String(r.id),
        score: r.score,
        // The first searched field that holds the term: MiniSearch visits fields in order, documents in the
        // order they were added, and keeps a document where it first found it.
        field: fields.findIndex((f) => (r.match[term] as string[] | undefined)?.includes(f)),
        added: added.get(String(r.id))!,
      }));
      hits.sort((a, b) => a.field - b.field || a.added - b.added);
      return Object.freeze(hits.map(({ id, score }) => Object.freeze({ id, score })));
    });
  }

  /** The documents matching any of `terms` (distinct, analysed), best first, scored as MiniSearch scores them. */
  query(terms: readonly string[]): TermSearchResult[] {
    // A repeated term counts once toward a document's term count in MiniSearch; not worth mirroring here.
    if (new Set(terms).size !== terms.length) return this.search.search(terms.join(' '));
    const combined = new Map<string, { score: number; terms: number }>();
    for (const term of terms) {
      for (const hit of this.hitsOf(term)) {
        const found = combined.get(hit.id);
        if (found) {
          found.score = found.score + hit.score;
          found.terms++;
        } else combined.set(hit.id, { score: hit.score, terms: 1 });
      }
    }
    const results: TermSearchResult[] = [];
    for (const [id, { score, terms: matched }] of combined) results.push({ id, score: score * matched });
    return results.sort((a, b) => b.score - a.score);
  }
}
