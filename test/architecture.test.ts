import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });

describe('architecture', () => {
  it.each(['knowledge', 'adapters', 'domain'])('%s/ imports nothing from the Bot Framework SDK (a move to the Agents SDK touches only bot/ and dialogs/)', (dir) => {
    const offenders = sources(dir).filter((file) => /from ['"](botbuilder|botframework)[^'"]*['"]/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('only the entry points read process.env', () => {
    const entryPoints = new Set(['bot/index.ts', 'bot/chat.ts', 'bot/privacyCli.ts', 'bot/teams/packageCli.ts', 'bot/webchat/assertionCli.ts', 'knowledge/cli.ts']);
    const readers = ['bot', 'knowledge', 'dialogs', 'adapters', 'domain'].flatMap(sources).filter((f) => /process\.env\b/.test(readFileSync(f, 'utf8')) && !entryPoints.has(f));
    expect(readers).toEqual([]);
  });
});
