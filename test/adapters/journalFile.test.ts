import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JournalFile } from '../../adapters/storage/journalFile.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'journal-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('JournalFile (append-only, group commit)', () => {
  it('has every one of 300 concurrent appends on disk, whole and in order, once each resolved', async () => {
    const journal = await JournalFile.create(path.join(dir, 'j.jsonl'));
    await Promise.all(Array.from({ length: 300 }, (_, i) => journal.append(`{"n":${i}}\n`)));
    const { entries, torn } = JournalFile.parse<{ n: number }>(readFileSync(path.join(dir, 'j.jsonl'), 'utf8'));
    expect(torn).toBe(0);
    expect(entries.map((e) => e.n)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    await journal.close();
  });

  it("keeps a torn write to its own line: the next write's first line survives", () => {
    const text = '\n{"n":1}\n\n{"n":2,"half' + '\n{"n":3}\n';
    expect(JournalFile.parse(text)).toEqual({ entries: [{ n: 1 }, { n: 3 }], torn: 1 });
  });
});
