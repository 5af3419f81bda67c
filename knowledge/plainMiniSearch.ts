import MiniSearch from 'minisearch';
import type { Retriever } from './evaluation.js';
import type { KnowledgeEntry } from './types.js';

/**
 * The baseline every figure is quoted beside: MiniSearch as its README shows it (default tokenizer and term
 * processing, question + answer fields), no Dutch analysis, no confidence. Its only policy: any hit is an answer.
 */
export class PlainMiniSearch implements Retriever {
  private readonly index = new MiniSearch<KnowledgeEntry>({ fields: ['question', 'answer'], storeFields: ['id'] });

  constructor(entries: readonly KnowledgeEntry[]) {
    this.index.addAll(entries as KnowledgeEntry[]);
  }

  explain(q: string) {
    const results = this.index.search(q);
    const ranked = results.map((r) => ({ target: { kind: 'entry' as const, id: String(r.id) } }));
    const top = results[0];
    return {
      q,
      decision: top ? ('answer' as const) : ('fallback' as const),
      id: top ? String(top.id) : null,
      dialog: null,
      candidates: [],
      explain: { ranked },
    };
  }
}
