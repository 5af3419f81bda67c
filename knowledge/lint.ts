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
}

const settingsSchema = z.strictObject({
  registration_year: z.number().int().min(2000).max(2100),
  known_dates: z.record(z.string(), z.string()).default({}),
});
export type LintSettings = z.infer<typeof settingsSchema>;

export function loadLintSettings(knowledgeDir: string): LintSettings {
  const file = path.join(knowledgeDir, 'lint.yaml');
  const parsed = settingsSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`lint: ${file}: ${parsed.error.issues[0].message} at ${parsed.error.issues[0].path.join('.')}`);
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
    const report = (rule: string, message: string) => findings.push({ entryId: entry.id, file: entry.origin.file, line: entry.origin.line, rule, message });
    for (const [field, text] of [['question', entry.question], ['answer', entry.answer]] as const) {
      for (const m of text.matchAll(DATE)) {
        const [written, d, mo, y] = m;
        const dateYear = fullYear(y);
        const known = settings.known_dates[written];
        const weekday = new RegExp(`\\b(${WEEKDAYS.join('|')})\\s+${written}\\b`, 'i').exec(text)?.[1]?.toLowerCase();
        const actual = WEEKDAYS[new Date(Date.UTC(dateYear, Number(mo) - 1, Number(d))).getUTCDay()];
        if (weekday && weekday !== actual) report('weekday-mismatch', `${field}: "${weekday} ${written}" but ${written} is a ${actual}`);
        if (!known && dateYear <= year - 2) {
          report('stale-date', `${field}: "${weekday ? `${weekday} ` : ''}${written}" is in ${dateYear}, but the ${year} registration runs in ${year - 1}; is the year right?`);
        }
      }
      for (const m of text.matchAll(/\b(winkelwagen|registratie|jaarregistratie)\s+(?:voor\s+)?(20\d{2})\b/gi)) {
        if (Number(m[2]) !== year) report('other-year', `${field}: "${m[0]}" names ${m[2]}, but this FAQ is about the ${year} registration`);
      }
      if (text.includes(String(year))) {
        for (const m of text.matchAll(/ingangsdatum\s+(?:per\s+)?(1-1-(\d{4}|\d{2}))\b/gi)) {
          if (fullYear(m[2]) !== year) report('start-date', `${field}: "${m[0]}" in a text about ${year}; licenses for ${year} start 1-1-${year}`);
        }
      }
      for (const m of text.matchAll(/\b(\p{L}+)\s+\1\b/giu)) report('doubled-word', `${field}: "${m[0]}"`);
      const opening = (text.match(/‘/g) ?? []).length;
      const closing = (text.match(/’/g) ?? []).length;
      if (opening !== closing) report('unbalanced-quote', `${field}: ${opening} opening ‘ and ${closing} closing ’ quotes`);
    }
    if (entry.alternatives.length === 0) report('no-alternatives', 'no alternative phrasings: add how people ask this in their own words');
  }
  return findings;
}
