import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { KnowledgeEntry } from './types.js';

export interface LintFinding {
  entryId: string;
  file: string;
  line: number;
  rule: string;
  message: string;
  /** The text the finding is about, as it stands in the entry. */
  fragment?: string;
  /**
   * `error`: a slip nobody reviewed (or an editor note that no longer matches the text): `kb lint` fails.
   * `editors`: a slip marked for SLB's editors. `warning`: worth a look, never blocks.
   */
  severity: 'error' | 'editors' | 'warning';
}

/** Rules that find slips in the FAQ's facts or text; unreviewed, they fail `kb lint` (and CI). */
const SLIP_RULES = new Set([
  'weekday-mismatch',
  'stale-date',
  'other-year',
  'start-date',
  'doubled-word',
  'unbalanced-quote',
]);

const settingsSchema = z.strictObject({
  registration_year: z.number().int().min(2000).max(2100),
  known_dates: z.record(z.string(), z.string()).default({}),
});
export type LintSettings = z.infer<typeof settingsSchema>;

export function loadLintSettings(knowledgeDir: string): LintSettings {
  const file = path.join(knowledgeDir, 'lint.yaml');
  const parsed = settingsSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`lint: ${file}: ${parsed.error.issues[0].message} at ${parsed.error.issues[0].path.join('.')}`);
  return parsed.data;
}

const WEEKDAYS = ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'];
const DATE = /\b(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})\b/g;
const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

/** Points editors at content that looks wrong: stale or inconsistent dates, doubled words, open quotes. */
export function lintEntries(entries: readonly KnowledgeEntry[], settings: LintSettings): LintFinding[] {
  const findings: LintFinding[] = [];
  const year = settings.registration_year;
  for (const entry of entries) {
    const report = (rule: string, message: string, fragment?: string) => {
      let severity: LintFinding['severity'] =
        rule === 'editor-note' ? 'error' : rule === 'for-editors' ? 'editors' : 'warning';
      if (SLIP_RULES.has(rule)) {
        const note = fragment
          ? entry.editorNotes.find((n) => n.text.includes(fragment) || fragment.includes(n.text))
          : undefined;
        severity = note?.status === 'for_editors' ? 'editors' : 'error';
        if (note?.status === 'corrected')
          message += ` (an editor note says "${note.text}" was corrected, but the slip is still there)`;
        if (!note) message += '; correct it with an editor note, or mark it for the editors (see the file header)';
      }
      findings.push({
        entryId: entry.id,
        file: entry.origin.file,
        line: entry.origin.line,
        rule,
        message,
        fragment,
        severity,
      });
    };
    for (const note of entry.editorNotes) {
      if (!entry.question.includes(note.text) && !entry.answer.includes(note.text))
        report('editor-note', `editor note: "${note.text}" is not in the question or answer; update the note`);
      else if (note.status === 'for_editors')
        report('for-editors', `published "${note.source}", this copy "${note.text}": ${note.note}`);
    }
    for (const [field, text] of [
      ['question', entry.question],
      ['answer', entry.answer],
    ] as const) {
      for (const m of text.matchAll(DATE)) {
        const [written, d, mo, y] = m;
        const dateYear = fullYear(y);
        const known = settings.known_dates[written];
        const weekday = new RegExp(`\\b(${WEEKDAYS.join('|')})\\s+${written}\\b`, 'i').exec(text)?.[1]?.toLowerCase();
        const actual = WEEKDAYS[new Date(Date.UTC(dateYear, Number(mo) - 1, Number(d))).getUTCDay()];
        if (weekday && weekday !== actual)
          report(
            'weekday-mismatch',
            `${field}: "${weekday} ${written}" but ${written} is a ${actual}`,
            `${weekday} ${written}`,
          );
        if (!known && dateYear <= year - 2) {
          report(
            'stale-date',
            `${field}: "${weekday ? `${weekday} ` : ''}${written}" is in ${dateYear}, but the ${year} registration runs in ${year - 1}; is the year right?`,
            written,
          );
        }
      }
      for (const m of text.matchAll(/\b(winkelwagen|registratie|jaarregistratie)\s+(?:voor\s+)?(20\d{2})\b/gi)) {
        if (Number(m[2]) !== year)
          report(
            'other-year',
            `${field}: "${m[0]}" names ${m[2]}, but this FAQ is about the ${year} registration`,
            m[0],
          );
      }
      if (text.includes(String(year))) {
        for (const m of text.matchAll(/ingangsdatum\s+(?:per\s+)?(1-1-(\d{4}|\d{2}))\b/gi)) {
          if (fullYear(m[2]) !== year)
            report(
              'start-date',
              `${field}: "${m[0]}" in a text about ${year}; licenses for ${year} start 1-1-${year}`,
              m[0],
            );
        }
      }
      for (const m of text.matchAll(/\b(\p{L}+)\s+\1\b/giu)) report('doubled-word', `${field}: "${m[0]}"`, m[0]);
      const opening = (text.match(/‘/g) ?? []).length;
      const closing = (text.match(/’/g) ?? []).length;
      if (opening !== closing)
        report(
          'unbalanced-quote',
          `${field}: ${opening} opening ‘ and ${closing} closing ’ quotes`,
          text.slice(text.lastIndexOf('‘'), text.lastIndexOf('‘') + 30),
        );
    }
    if (entry.alternatives.length === 0)
      report('no-alternatives', 'no alternative phrasings: add how people ask this in their own words');
  }
  return findings;
}
