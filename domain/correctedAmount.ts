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

/** "moet 230 zijn", "het moesten er 30 zijn", "er moeten 30 ipv 300 in": the amount after the verb is the right one. */
const MUST_BE = /\b(?:moet|moeten|moest|moesten)\s+(?:er\s+)?(?:maar\s+)?(\d+)/;
/** "300 ipv 30", "30 stuks in plaats van 300": the amount after "ipv" is what it should have been. */
const INSTEAD_OF =
  /(\d+)\s+(?:[a-z\d]{1,8}\s+){0,2}(?:ipv|i\.p\.v\.?|in plaats van|instead of)\s*(\d+)|(\d+)\s*(?:ipv|i\.p\.v\.?)\s*(\d+)/;
/** The product an amount is of, as the portal names it. */
const PRODUCTS: Array<[RegExp, string]> = [
  [/\ba3\b/, 'A3'],
  [/\ba1\b/, 'A1'],
  [/\bbasispakket(?:ten)?\b/, 'basispakketten'],
];

/**
 * How the order should be, from a sentence that gives the wrong and the right amount: "ik heb 300 ipv 30 A3 besteld"
 * -> "30 A3 in plaats van 300". The sentence itself says what is wrong; repeated as how it should be, it read as an echo.
 * Undefined when the sentence does not give both amounts.
 */
export function correctedAmountOf(normalized: string): string | undefined {
  if (!statesCorrectedAmount(normalized)) return undefined;
  const instead = INSTEAD_OF.exec(normalized);
  const must = MUST_BE.exec(normalized);
  let right: string | undefined;
  let wrong: string | undefined;
  if (must) {
    right = must[1];
    // "er moeten 30 ipv 300 in": the other amount of the "ipv" is the wrong one.
    const pair = instead ? [instead[1] ?? instead[3], instead[2] ?? instead[4]] : [];
    wrong =
      pair.find((n) => n !== right) ??
      [...normalized.matchAll(/(?<![\d-])\d+(?![\d-])/g)].map((m) => m[0]).find((n) => n !== right);
  } else if (instead) {
    wrong = instead[1] ?? instead[3];
    right = instead[2] ?? instead[4];
  }
  if (!right) return undefined;
  const product = PRODUCTS.find(([re]) => re.test(normalized))?.[1];
  return `${right}${product ? ` ${product}` : ''}${wrong ? ` in plaats van ${wrong}` : ''}`;
}
