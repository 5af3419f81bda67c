import { CharNgramIndex, trigramsOf } from '../../knowledge/charNgramIndex.js';

const index = new CharNgramIndex([
  ['entry:1.5', ['basispakketten', 'winkelwagen']],
  ['entry:1.8', ['office', 'a1', 'beheerdersportaal']],
  ['entry:3.1', ['factuur', 'licenties']],
]);

describe('CharNgramIndex', () => {
  it('takes trigrams over the words joined, so a split compound has the same trigrams as the joined one', () => {
    expect(trigramsOf(['winkel', 'wagen'])).toEqual(trigramsOf(['winkelwagen']));
  });

  it.each([
    [['basispakketen', 'winkel', 'wagen'], 'entry:1.5'],
    [['offce', 'a1', 'beheerders', 'portaal'], 'entry:1.8'],
    [['factuurr', 'licentie'], 'entry:3.1'],
  ])('ranks the right target first for a typo or a wrongly split compound: %j', (words, target) => {
    const [best, second] = index.match(words, 3);
    expect(best.target).toBe(target);
    expect(best.similarity).toBeGreaterThan(0.5);
    expect(second?.similarity ?? 0).toBeLessThan(best.similarity / 2);
  });

  it('gives an identical phrasing similarity 1 and unrelated words nothing', () => {
    expect(index.match(['factuur', 'licenties'], 1)[0]).toEqual({ target: 'entry:3.1', similarity: 1 });
    expect(index.match(['printer', 'wachtwoord'], 3).every((m) => m.similarity < 0.2)).toBe(true);
  });

  it('answers the same after many queries (its scratch space is reset)', () => {
    const first = index.match(['basispakketten'], 3);
    for (let i = 0; i < 50; i++) index.match(['office', 'factuur', 'winkelwagen'], 3);
    expect(index.match(['basispakketten'], 3)).toEqual(first);
  });
});
