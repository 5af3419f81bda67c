/**
 * Phrases of whole tokens ("kun je", "laat zien"), found in a question's tokens by their first token.
 *
 * The same answer as `` ` ${tokens.join(' ')} `.includes(` ${phrase.join(' ')} `) `` for any phrase of the list (tokens
 * never hold a space, so a match of the padded text always starts and ends on token boundaries), without joining
 * the question and scanning it once per phrase: the lexicon has a hundred request and how-to phrases, and every
 * question was searched for all of them.
 */
export class TokenPhrases {
  /** The phrases by their first token. */
  private readonly byFirst = new Map<string, string[][]>();
  /** A phrase of no tokens: the padded text of a question with no tokens ("  ") holds it, no other does. */
  private readonly hasEmpty: boolean;

  constructor(phrases: readonly string[][]) {
    for (const phrase of phrases) {
      if (phrase.length === 0) continue;
      const list = this.byFirst.get(phrase[0]);
      if (list) list.push(phrase);
      else this.byFirst.set(phrase[0], [phrase]);
    }
    this.hasEmpty = phrases.some((p) => p.length === 0);
  }

  /** Whether any phrase occurs in `tokens` as consecutive whole tokens. */
  occursIn(tokens: readonly string[]): boolean {
    if (tokens.length === 0) return this.hasEmpty;
    for (let i = 0; i < tokens.length; i++) {
      const candidates = this.byFirst.get(tokens[i]);
      if (!candidates) continue;
      for (const phrase of candidates) {
        if (i + phrase.length > tokens.length) continue;
        let k = 1;
        while (k < phrase.length && tokens[i + k] === phrase[k]) k++;
        if (k === phrase.length) return true;
      }
    }
    return false;
  }
}
