import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The one reader of typed yes/no answers (dialogs/yesNo.yaml). Strict where the answer decides a step (the cart's
 * ja/nee, "Klopt dit?"): a question typed there must not count as "ja". Lenient where a yes/no question was asked
 * in passing ("Was dit nuttig?"): "ja hoor, dank je" is the answer, not a new question.
 */
export const YES_NO_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'yesNo.yaml');

const schema = z.object({
  yes: z.array(z.string().min(1)).min(1),
  no: z.array(z.string().min(1)).min(1),
  yes_openings: z.array(z.string().min(1)).min(1),
  no_openings: z.array(z.string().min(1)).min(1),
});

/** Characters a lenient answer may run on after its opening ("ja hoor, dank je wel"). */
const MAX_TAIL = 30;

export interface YesNoReader {
  /** "ja" / "nee" as a whole answer; undefined when it is neither. */
  parse(text: string | undefined): boolean | undefined;
  /** A short message opening with yes or no and asking nothing; undefined otherwise. */
  parseLenient(text: string | undefined): boolean | undefined;
}

export function loadYesNo(file: string = YES_NO_FILE): YesNoReader {
  const parsed = schema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`yes/no words: ${file}: ${issue.message} (at ${issue.path.join('.') || 'top level'})`);
  }
  const lower = (list: string[]) => list.map((w) => w.toLowerCase());
  const yes = new Set(lower(parsed.data.yes));
  const no = new Set(lower(parsed.data.no));
  // Longest first, so "niet echt" is tried before a shorter opening it contains.
  const openings = [
    ...lower(parsed.data.yes_openings).map((o) => ({ o, answer: true })),
    ...lower(parsed.data.no_openings).map((o) => ({ o, answer: false })),
  ].sort((a, b) => b.o.length - a.o.length);

  const plain = (text: string | undefined) =>
    (text ?? '')
      .trim()
      .toLowerCase()
      .replace(/[.!]+$/, '');
  return {
    parse(text) {
      const t = plain(text);
      if (yes.has(t)) return true;
      if (no.has(t)) return false;
      return undefined;
    },
    parseLenient(text) {
      // "jaaa", "neee": a stretched word is the word.
      const t = plain(text)
        .replace(/^ja+(?![a-z])/, 'ja')
        .replace(/^nee+(?![a-z])/, 'nee');
      if (t.includes('?')) return undefined;
      for (const { o, answer } of openings) {
        if (!t.startsWith(o)) continue;
        const tail = t.slice(o.length);
        if (/^[\p{L}\p{N}]/u.test(tail)) continue;
        if (tail.length <= MAX_TAIL) return answer;
      }
      return undefined;
    },
  };
}

const reader = loadYesNo();
export const parseYesNo = reader.parse;
export const parseLenientYesNo = reader.parseLenient;
