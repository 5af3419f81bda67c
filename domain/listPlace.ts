/** Words for a place in a list, as people pick from buttons ("de eerste", "de laatste", "die bovenste"). */
export const PLACE_WORDS = 'eerste|1e|tweede|2e|derde|3e|vierde|4e|laatste|bovenste|onderste';

const FIXED: Record<string, number> = {
  eerste: 0,
  '1e': 0,
  bovenste: 0,
  tweede: 1,
  '2e': 1,
  derde: 2,
  '3e': 2,
  vierde: 3,
  '4e': 3,
};

/** The index a place word (one of PLACE_WORDS, lower case) stands for in a list of `count`; undefined past its end. */
export function placeIndex(word: string, count: number): number | undefined {
  const at = word === 'laatste' || word === 'onderste' ? count - 1 : FIXED[word];
  return at !== undefined && at >= 0 && at < count ? at : undefined;
}
