/**
 * A sentence that gives a wrong amount and the right one together: "300 ipv 30", "240 A3 moet 230 zijn",
 * "we hebben 40 besteld, het moesten er 4 zijn". It tells both what is wrong with an order and how it should be.
 * On text normalised by knowledge/dutchAnalyzer (lower case, accents folded).
 */
const CORRECTED_AMOUNT = [
  // "300 ipv 30", "230 A3 in ipv 240", "30 stuks i.p.v. 300": at most two short words between.
  /\d+\s+(?:[a-z\d]{1,8}\s+){0,2}(?:ipv|i\.p\.v\.?|in plaats van|instead of)\s*\d+|\d+\s*(?:ipv|i\.p\.v\.?)\s*\d+/,
  /\d.*\b(?:moet|moeten|moest|moesten)\s+(?:er\s+)?(?:maar\s+)?\d+\s+(?:zijn|worden|wezen)\b/,
];

export function statesCorrectedAmount(normalized: string): boolean {
  return CORRECTED_AMOUNT.some((re) => re.test(normalized));
}
