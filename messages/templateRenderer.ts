import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { formatEuro, quoteUserText } from './formatters.js';

function createHandlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper('quote', (value: unknown, max: unknown) =>
    quoteUserText(String(value ?? ''), typeof max === 'number' ? max : undefined),
  );
  hbs.registerHelper('json', (value: unknown) => new hbs.SafeString(JSON.stringify(value ?? null)));
  hbs.registerHelper('euro', (value: unknown) => formatEuro(Number(value)));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  return hbs;
}

const shared = createHandlebars();

/** One template from a string (texts kept in a YAML catalogue), with the same helpers and escaping rules. */
export function compileTemplate(source: string): (data?: object) => string {
  const template = shared.compile(source, { noEscape: true, strict: false });
  // Compile now, so a broken template fails at start-up rather than in a conversation.
  template({});
  return (data = {}) => template(data).trim();
}

/**
 * Renders the Dutch reply templates (`*.hbs`) of one folder, compiled once at start-up.
 *
 * Replies are Markdown, not HTML, so Handlebars' HTML escaping is off. Editor content is trusted;
 * anything a user typed must go through `{{quote x}}`, which removes Markdown and HTML control characters,
 * and anything placed inside an Adaptive Card's JSON goes through `{{json x}}`.
 */
export class TemplateRenderer {
  private readonly templates = new Map<string, (data: object) => string>();

  constructor(readonly dir: string) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      const template = shared.compile(source, { noEscape: true, strict: false });
      // Handlebars compiles on the first call: do it here, or the first conversations pay for every template
      // (and a broken one fails in a conversation instead of at start-up).
      const rendered = template({});
      // A text without expressions ("Was dit nuttig?", under every answer) renders as itself whatever the data:
      // kept as its text, it costs no Handlebars run (which sets up its helpers anew on every call).
      const fixed = !source.includes('{{') && rendered === source ? rendered.trim() : undefined;
      this.templates.set(
        path.basename(file, '.hbs'),
        fixed === undefined ? (data) => template(data).trim() : () => fixed,
      );
    }
  }

  render(name: string, data: object = {}): string {
    const template = this.templates.get(name);
    if (!template) throw new Error(`TemplateRenderer: no template "${name}.hbs" in ${this.dir}`);
    return template(data);
  }
}
