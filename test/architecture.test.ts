import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const sources = (dir: string): string[] =>
  !existsSync(dir)
    ? []
    : readdirSync(dir).flatMap((name) => {
        const file = path.join(dir, name);
        return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
      });

/** Every module specifier a file imports or re-exports (static and dynamic). */
const specifiers = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);

/** The project folder a relative import lands in (`bot`, `domain`, ...), or undefined for packages. */
const folderOf = (file: string, specifier: string): string | undefined =>
  specifier.startsWith('.')
    ? path.relative('.', path.resolve(path.dirname(file), specifier)).split(path.sep)[0]
    : undefined;

/**
 * The layering, one line per folder: which other project folders its code may import. Everything else is
 * refused; `bench/` and `test/` may use anything.
 */
const LAYERS: Array<[folder: string, mayImport: string[], rule: string]> = [
  ['domain', [], 'the registration rules and the types every part shares: plain TypeScript, depends on nothing'],
  ['config', ['knowledge'], 'the environment parsed once, .env, the logger (knowledge: the default thresholds)'],
  [
    'messages',
    ['domain', 'knowledge'],
    'the reply renderer, Dutch formatters and button catalogue: no SDK, no I/O but templates',
  ],
  ['knowledge', ['domain'], 'the FAQ and finding answers: no adapter, no SDK'],
  ['adapters', ['domain'], 'stores and remote systems behind interfaces: no SDK, nothing of the bot'],
  ['teams', ['domain'], 'the Teams app package beside its manifest template'],
  [
    'dialogs',
    ['domain', 'config', 'messages', 'knowledge', 'adapters'],
    'guided dialogs: botbuilder-dialogs, never bot/',
  ],
  [
    'bot',
    ['domain', 'config', 'messages', 'knowledge', 'adapters', 'dialogs', 'teams'],
    'the composition root and the server',
  ],
  [
    'cli',
    ['domain', 'config', 'messages', 'knowledge', 'adapters', 'dialogs', 'teams', 'bot'],
    'thin entry points: parse arguments, build, run',
  ],
];
const PROJECT_FOLDERS = new Set(LAYERS.map(([folder]) => folder));

/** Folders that import nothing from the Bot Framework SDK, so a move to the Agents SDK touches bot/ and dialogs/ only. */
const SDK_FREE = ['domain', 'config', 'messages', 'knowledge', 'adapters', 'teams'];

describe('architecture', () => {
  it.each(LAYERS)('%s/ imports only from %j (%s)', (folder, mayImport) => {
    const allowed = new Set([folder, ...mayImport]);
    const offenders = sources(folder).flatMap((file) =>
      specifiers(file)
        .map((s) => folderOf(file, s))
        .filter(
          (target): target is string => target !== undefined && PROJECT_FOLDERS.has(target) && !allowed.has(target),
        )
        .map((target) => `${file} imports ${target}/`),
    );
    expect(offenders).toEqual([]);
  });

  it('knows every source folder, so a new one gets a rule', () => {
    const others = new Set(['bench', 'test', 'node_modules', 'dist', 'data', 'docs', 'profiles']);
    const folders = readdirSync('.').filter(
      (name) => !name.startsWith('.') && !others.has(name) && statSync(name).isDirectory(),
    );
    expect(folders.filter((f) => !PROJECT_FOLDERS.has(f) && sources(f).length > 0)).toEqual([]);
  });

  it.each(SDK_FREE)('%s/ imports nothing from the Bot Framework SDK', (dir) => {
    const offenders = sources(dir).filter((file) => specifiers(file).some((s) => /^(botbuilder|botframework)/.test(s)));
    expect(offenders).toEqual([]);
  });

  it('only the entry points in cli/ read process.env', () => {
    const readers = LAYERS.map(([folder]) => folder)
      .filter((folder) => folder !== 'cli')
      .flatMap(sources)
      .filter((f) => /process\.env\b/.test(readFileSync(f, 'utf8')));
    expect(readers).toEqual([]);
  });

  it('catches a forbidden import (the check itself works)', () => {
    expect(folderOf('dialogs/replies.ts', '../bot/templateRenderer.js')).toBe('bot');
    expect(folderOf('bot/webchat/x.ts', '../../adapters/a.js')).toBe('adapters');
    expect(folderOf('bot/app.ts', 'botbuilder')).toBeUndefined();
    expect(specifiers('test/architecture.test.ts')).toEqual(expect.arrayContaining(['node:fs', 'node:path']));
  });
});
