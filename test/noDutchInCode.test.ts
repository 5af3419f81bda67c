import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// Bot text is content (issue 14): every Dutch sentence a user reads lives in a template (*.hbs) or a catalogue
// (*.yaml) beside its code, never in a .ts file, so editors can change it and a renamed button cannot stop routing.

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });

const DUTCH = new Set(
  'je jij jouw jullie de het een niet geen van voor met kan kun kunt wil ik wat hoe bent heb hebt staat naar om op en dat deze nog ook graag er bij mij u uw zijn wordt worden zal kies typ welke waar waarom hier daar alleen maar als dan te wij we ons onze dit die heeft gaat komt nu even'.split(
    ' ',
  ),
);
const ENGLISH = new Set(
  'the and not but to of a an in for with set are be this that it on no or from by as at was has have will can when then than its into only one per'.split(
    ' ',
  ),
);

/** String literals (template literal placeholders blanked) that read as Dutch sentences, with their line. */
export function dutchSentences(source: string): Array<{ line: number; text: string }> {
  // Comments out, keeping line numbers (a quote inside a comment is not a string).
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found: Array<{ line: number; text: string }> = [];
  for (const m of code.matchAll(/(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g)) {
    const text = m[2].replace(/\$\{[^}]*\}/g, 'X');
    const words = text
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter(Boolean);
    const dutch = words.filter((w) => DUTCH.has(w)).length;
    const english = words.filter((w) => ENGLISH.has(w)).length;
    if (words.length >= 3 && dutch >= 2 && dutch > english)
      found.push({ line: code.slice(0, m.index).split('\n').length, text: m[2] });
  }
  return found;
}

describe('bot text is content', () => {
  it('finds a Dutch sentence in code (the check itself can fail)', () => {
    expect(
      dutchSentences(
        `const a = 'Oké, ik ben gestopt. Waarmee kan ik je nog helpen?';\n// 'Dit is een commentaar met je en de'\nlog.info('ticket filed');`,
      ),
    ).toEqual([{ line: 1, text: 'Oké, ik ben gestopt. Waarmee kan ik je nog helpen?' }]);
    expect(dutchSentences('x(`Je staat in de wachtrij op positie ${position}`)')).toHaveLength(1);
  });

  it('no user-facing Dutch sentence is left in a .ts file of the bot', () => {
    const offenders = ['bot', 'dialogs', 'knowledge', 'domain', 'adapters']
      .flatMap(sources)
      .flatMap((file) => dutchSentences(readFileSync(file, 'utf8')).map((s) => `${file}:${s.line}: ${s.text}`));
    expect(offenders).toEqual([]);
  });
});
