import { cachedPerWord } from '../../knowledge/wordCache.js';

describe('cachedPerWord', () => {
  it('works a word out once, and starts again when full', () => {
    const seen: string[] = [];
    const upper = cachedPerWord((word: string) => {
      seen.push(word);
      return word.toUpperCase();
    }, 2);
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A']);
    expect(seen).toEqual(['a', 'b']);
    // Full: the third word empties the cache, so 'a' is worked out again.
    expect([upper('c'), upper('a')]).toEqual(['C', 'A']);
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });

  it('remembers an empty answer too', () => {
    let calls = 0;
    const none = cachedPerWord(() => (calls++, null));
    none('x');
    none('x');
    expect(calls).toBe(1);
  });
});
