/** Entries a word cache holds before it starts again: the content's words and what users type, so bounded. */
export const WORD_CACHE_SIZE = 20_000;

/**
 * `compute` remembered per word (or pair of words): for the analysis steps that depend on nothing but the word and the
 * content, which is fixed for the cache's life. Past `size` entries the cache is emptied (the content's own words
 * come back at once); it never holds whole questions.
 */
export function cachedPerWord<T extends NonNullable<unknown> | null>(
  compute: (word: string) => T,
  size = WORD_CACHE_SIZE,
): (word: string) => T {
  const cache = new Map<string, T>();
  return (word) => {
    // One look-up: `compute` never returns undefined (null stands for "nothing").
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    if (cache.size >= size) cache.clear();
    const value = compute(word);
    cache.set(word, value);
    return value;
  };
}
