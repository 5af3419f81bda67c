import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { formatEuro, quoteUserText } from './formatters.js';

/**
 * Renders the Dutch reply templates (`*.hbs`) of one folder, compiled once at start-up.
 *
 * Replies are Markdown, not HTML, so Handlebars' HTML escaping is off. Editor content is trusted;
 * anything a user typed must go through `{{quote x}}`, which removes Markdown and HTML control characters,
 * and anything placed inside an Adaptive Card's JSON goes through `{{json x}}`.
 */
export class TemplateRenderer {
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();

  constructor(readonly dir: string) {
    const hbs = Handlebars.create();
    hbs.registerHelper('quote', (value: unknown) => quoteUserText(String(value ?? '')));
    hbs.registerHelper('json', (value: unknown) => new hbs.SafeString(JSON.stringify(value ?? null)));
    hbs.registerHelper('euro', (value: unknown) => formatEuro(Number(value)));
    hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      this.templates.set(path.basename(file, '.hbs'), hbs.compile(source, { noEscape: true, strict: false }));
    }
  }

  render(name: string, data: object = {}): string {
    const template = this.templates.get(name);
    if (!template) throw new Error(`TemplateRenderer: no template "${name}.hbs" in ${this.dir}`);
    return template(data).trim();
  }
}
