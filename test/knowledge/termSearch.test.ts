import MiniSearch from 'minisearch';
import { TermSearch } from '../../knowledge/termSearch.js';

const FIELDS = ['title', 'body'];
const docs = [
  { id: 'a', title: 'winkelwagen licentie', body: 'de winkelwagen staat klaar' },
  { id: 'b', title: 'bestelling afgerond', body: 'licentie en winkelwagen' },
  // The same texts as 'a': equal scores, told apart by the order they were added.
  { id: 'c', title: 'winkelwagen licentie', body: 'de winkelwagen staat klaar' },
  { id: 'd', title: 'factuur', body: 'bestelling factuur licentie licentie' },
  { id: 'e', title: 'contactpersoon wijzigen', body: '' },
];

function index(): MiniSearch {
  const search = new MiniSearch({
    fields: FIELDS,
    searchOptions: { combineWith: 'OR', boost: { title: 1, body: 0.45 }, bm25: { k: 1.2, b: 0.3, d: 0.5 } },
  });
  search.addAll(docs);
  return search;
}

describe('TermSearch', () => {
  const search = index();
  const terms = new TermSearch(
    search,
    docs.map((d) => d.id),
    FIELDS,
  );

  it.each([
    [['winkelwagen']],
    [['licentie', 'winkelwagen']],
    [['winkelwagen', 'licentie']],
    // Only in the second field of some documents, in the first of others.
    [['bestelling', 'factuur']],
    [['factuur', 'onbekend', 'licentie', 'bestelling']],
    [['onbekend']],
    [['contactpersoon', 'winkelwagen', 'afgerond']],
  ])('scores and ranks %j exactly as MiniSearch does', (query) => {
    const expected = search.search(query.join(' ')).map((r) => ({ id: r.id as string, score: r.score }));
    // Twice: the second time from the per-term cache.
    expect(terms.query(query)).toEqual(expected);
    expect(terms.query(query)).toEqual(expected);
  });

  it('leaves a query with a repeated term to MiniSearch', () => {
    const expected = search.search('licentie licentie').map((r) => ({ id: r.id, score: r.score }));
    expect(terms.query(['licentie', 'licentie']).map((r) => ({ id: r.id, score: r.score }))).toEqual(expected);
  });
});
