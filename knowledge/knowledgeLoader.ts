import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import {
  DIALOG_NAMES,
  type IntentDefinition,
  type KnowledgeContent,
  type KnowledgeEntry,
  type Lexicon,
} from './types.js';

/** The knowledge folder shipped with the code; tests may point the loader elsewhere. */
export const DEFAULT_KNOWLEDGE_DIR = path.dirname(fileURLToPath(import.meta.url));

/** A problem in an editor-maintained file, located precisely enough to fix it. */
export class KnowledgeError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`knowledge: ${file}:${line}: ${problem}`);
    this.name = 'KnowledgeError';
  }
}

const ENTRY_ID = /^[1-9]\d*\.[1-9]\d*$/;
const url = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'link must start with http:// or https://');
const text = z.string().trim().min(1, 'must not be empty');

const entrySchema = z.strictObject({
  id: z.string().regex(ENTRY_ID, 'id must look like "1.5" (section.number, in quotes)'),
  question: text,
  answer: text,
  alternatives: z.array(text).default([]),
  related: z.array(z.string().regex(ENTRY_ID, 'related ids must look like "1.5"')).default([]),
  dialog: z.enum(DIALOG_NAMES).optional(),
  sources: z.array(url).min(1, 'at least one source link is required'),
  editor_notes: z
    .array(z.strictObject({ source: text, text, status: z.enum(['corrected', 'for_editors']), note: text }))
    .default([]),
});
const contentFileSchema = z.strictObject({ section: text, entries: z.array(entrySchema).min(1) });
const intentsFileSchema = z.strictObject({
  intents: z.partialRecord(z.enum(DIALOG_NAMES), z.strictObject({ description: text, examples: z.array(text).min(3) })),
});
const lexiconFileSchema = z.strictObject({
  synonyms: z.record(z.string(), z.array(text)).default({}),
  filler_phrases: z.array(text).default([]),
  stopwords_extra: z.array(text).default([]),
  stopwords_keep: z.array(text).default([]),
  stems: z.record(z.string(), text).default({}),
  request_phrases: z.array(text).default([]),
  request_openings: z.array(text).default([]),
  own_words: z.array(text).default([]),
  how_to_phrases: z.array(text).default([]),
});

interface ParsedFile {
  file: string;
  doc: Document;
  lines: LineCounter;
}

function parseYamlFile(file: string): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false });
  const [error] = doc.errors;
  if (error)
    throw new KnowledgeError(file, lines.linePos(error.pos[0]).line, `not valid YAML: ${error.message.split('\n')[0]}`);
  return { file, doc, lines };
}

/** The line of the value at `keyPath`, or of its nearest existing parent. */
function lineOf({ doc, lines }: ParsedFile, keyPath: ReadonlyArray<PropertyKey>): number {
  for (let depth = keyPath.length; depth >= 0; depth--) {
    const node = doc.getIn(keyPath.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

function validate<T>(parsed: ParsedFile, schema: z.ZodType<T>): T {
  const result = schema.safeParse(parsed.doc.toJS());
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length ? ` (at ${issue.path.join('.')})` : '';
  throw new KnowledgeError(parsed.file, lineOf(parsed, issue.path), `${issue.message}${where}`);
}

function loadEntries(dir: string): KnowledgeEntry[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  if (files.length === 0) throw new KnowledgeError(dir, 0, 'no .yaml content files found');
  const entries: KnowledgeEntry[] = [];
  const seen = new Map<string, KnowledgeEntry>();
  for (const name of files) {
    const parsed = parseYamlFile(path.join(dir, name));
    const content = validate(parsed, contentFileSchema);
    content.entries.forEach((raw, index) => {
      const origin = { file: parsed.file, line: lineOf(parsed, ['entries', index]) };
      const earlier = seen.get(raw.id);
      if (earlier) {
        throw new KnowledgeError(
          parsed.file,
          lineOf(parsed, ['entries', index, 'id']),
          `duplicate id "${raw.id}" (first defined at ${earlier.origin.file}:${earlier.origin.line})`,
        );
      }
      const { editor_notes: editorNotes, ...fields } = raw;
      const entry: KnowledgeEntry = { ...fields, editorNotes, section: content.section, origin };
      seen.set(raw.id, entry);
      entries.push(entry);
    });
  }
  for (const entry of entries) {
    const unknown = entry.related.find((id) => !seen.has(id) || id === entry.id);
    if (unknown)
      throw new KnowledgeError(
        entry.origin.file,
        entry.origin.line,
        `entry ${entry.id}: related id "${unknown}" is not another entry`,
      );
  }
  return entries;
}

function loadIntents(file: string): IntentDefinition[] {
  const { intents } = validate(parseYamlFile(file), intentsFileSchema);
  return Object.entries(intents).map(([name, intent]) => ({ name: name as IntentDefinition['name'], ...intent! }));
}

function loadLexicon(file: string, generalWordsFile: string, otherTopicsFile: string): Lexicon {
  const raw = validate(parseYamlFile(file), lexiconFileSchema);
  return {
    synonyms: raw.synonyms,
    fillerPhrases: raw.filler_phrases,
    stopwordsExtra: raw.stopwords_extra,
    stopwordsKeep: raw.stopwords_keep,
    stems: raw.stems,
    generalWords: loadWordList(generalWordsFile),
    otherTopicWords: loadWordList(otherTopicsFile),
    requestPhrases: raw.request_phrases,
    requestOpenings: raw.request_openings,
    ownWords: raw.own_words,
    howToPhrases: raw.how_to_phrases,
  };
}

/** A plain word list: words separated by white space, `#` starts a comment. A missing file is an empty list. */
function loadWordList(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => line.replace(/#.*/, '').split(/\s+/))
    .filter(Boolean);
}

/**
 * Reads and validates everything editors maintain: `content/*.yaml` (FAQ entries), `intents.yaml`, `lexicon.yaml`,
 * `general-words.txt` and `other-topics.txt`.
 * Throws a {@link KnowledgeError} naming file and line on the first problem.
 */
export function loadKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR): KnowledgeContent {
  return {
    entries: loadEntries(path.join(dir, 'content')),
    intents: loadIntents(path.join(dir, 'intents.yaml')),
    lexicon: loadLexicon(
      path.join(dir, 'lexicon.yaml'),
      path.join(dir, 'general-words.txt'),
      path.join(dir, 'other-topics.txt'),
    ),
  };
}
