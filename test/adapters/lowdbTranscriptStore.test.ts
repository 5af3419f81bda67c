import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JournalFile } from '../../adapters/storage/journalFile.js';
import { LowdbTranscriptStore } from '../../adapters/transcripts/lowdbTranscriptStore.js';
import type { TranscriptEntry } from '../../adapters/transcripts/transcriptStore.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'transcripts-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What is on disk: the texts of every day file, by file, in order. */
const stored = () =>
  Object.fromEntries(
    readdirSync(path.join(dir, 'transcripts'))
      .sort()
      .map((f) => [
        f,
        JournalFile.parse<TranscriptEntry>(readFileSync(path.join(dir, 'transcripts', f), 'utf8')).entries.map(
          (e) => e.text,
        ),
      ]),
  );

describe('LowdbTranscriptStore', () => {
  const entry = (at: string, conversationId: string, user: string, text: string): TranscriptEntry => ({
    at,
    channelId: 'msteams',
    conversationId,
    from: 'user',
    user,
    text,
  });

  it('keeps a file per day, and retention deletes whole past days', async () => {
    const store = new LowdbTranscriptStore(dir);
    await store.append(entry('2026-11-01T09:00:00.000Z', 'c1', 'anna', 'eerste dag'));
    await store.append(entry('2026-11-02T09:00:00.000Z', 'c1', 'anna', 'tweede dag'));
    await store.append(entry('2026-11-02T10:00:00.000Z', 'c2', 'carla', 'andere school'));
    expect(stored()).toEqual({
      '2026-11-01.jsonl': ['eerste dag'],
      '2026-11-02.jsonl': ['tweede dag', 'andere school'],
    });
    expect(await store.purgeOlderThan(new Date('2026-11-02T00:00:00.000Z'))).toBe(1);
    expect(stored()).toEqual({ '2026-11-02.jsonl': ['tweede dag', 'andere school'] });
    await store.close();
  });

  it("deletes one user's lines (theirs, and those of their conversations) and keeps everyone else's", async () => {
    const store = new LowdbTranscriptStore(dir);
    await store.append(entry('2026-11-02T09:00:00.000Z', 'c1', 'anna', 'van Anna'));
    await store.append({
      ...entry('2026-11-02T09:00:01.000Z', 'c1', 'anna-webchat-id', 'antwoord aan Anna'),
      from: 'bot',
    });
    await store.append(entry('2026-11-02T10:00:00.000Z', 'c2', 'carla', 'van Carla'));
    expect(await store.deleteForUser('anna', ['c1'])).toBe(2);
    expect(stored()).toEqual({ '2026-11-02.jsonl': ['van Carla'] });
    // Appends after the rewrite land in the new file, not in the replaced one.
    await store.append(entry('2026-11-02T11:00:00.000Z', 'c2', 'carla', 'nog een vraag'));
    await store.close();
    expect(stored()).toEqual({ '2026-11-02.jsonl': ['van Carla', 'nog een vraag'] });
  });
});
