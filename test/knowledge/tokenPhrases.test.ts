import { TokenPhrases } from '../../knowledge/tokenPhrases.js';

/** What TokenPhrases replaces: the phrase, padded with spaces, in the question's tokens joined and padded. */
const joinedIncludes = (phrases: string[][], tokens: string[]) =>
  phrases.some((p) => ` ${tokens.join(' ')} `.includes(` ${p.join(' ')} `));

describe('TokenPhrases', () => {
  it('finds a phrase only as consecutive whole tokens', () => {
    const phrases = new TokenPhrases([['laat', 'zien'], ['graag']]);
    expect(phrases.occursIn(['kun', 'laat', 'zien'])).toBe(true);
    expect(phrases.occursIn(['laat', 'het', 'zien'])).toBe(false);
    expect(phrases.occursIn(['graagje'])).toBe(false);
    expect(phrases.occursIn(['laat'])).toBe(false);
    expect(phrases.occursIn([])).toBe(false);
  });

  it('answers as the joined text did, for every small case', () => {
    // A seeded walk over short token lists from a tiny alphabet: prefixes, repeats, overlaps and empty phrases.
    const alphabet = ['a', 'b', 'ab', 'ba', 'aa'];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const list = (max: number) => Array.from({ length: next(max + 1) }, () => alphabet[next(alphabet.length)]);
    for (let trial = 0; trial < 5000; trial++) {
      const phraseList = Array.from({ length: next(4) }, () => list(3));
      const tokens = list(6);
      expect([phraseList, tokens, new TokenPhrases(phraseList).occursIn(tokens)]).toEqual([
        phraseList,
        tokens,
        joinedIncludes(phraseList, tokens),
      ]);
    }
  });
});
