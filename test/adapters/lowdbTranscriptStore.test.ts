import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LowdbTranscriptStore } from '../../adapters/transcripts/lowdbTranscriptStore.js';
import type { TranscriptEntry } from '../../adapters/transcripts/transcriptStore.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'transcripts-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('LowdbTranscriptStore', () => {
  const entry = (at: string, conversationId: string, user: string, text: string): TranscriptEntry => ({ at, channelId: 'msteams', conversationId, from: 'user', user, text });

  it('keeps a file per day, reads a conversation across days, and retention deletes whole past days', async () => {
    const store = new LowdbTranscriptStore(dir);
    await store.append(entry('2026-11-01T09:00:00.000Z', 'c1', 'anna', 'eerste dag'));
    await store.append(entry('2026-11-02T09:00:00.000Z', 'c1', 'anna', 'tweede dag'));
    await store.append(entry('2026-11-02T10:00:00.000Z', 'c2', 'carla', 'andere school'));
    expect(readdirSync(path.join(dir, 'transcripts')).sort()).toEqual(['2026-11-01.jsonl', '2026-11-02.jsonl']);
    expect((await store.conversation('c1')).map((e) => e.text)).toEqual(['eerste dag', 'tweede dag']);
    expect(await store.purgeOlderThan(new Date('2026-11-02T00:00:00.000Z'))).toBe(1);
    expect((await store.conversation('c1')).map((e) => e.text)).toEqual(['tweede dag']);
    await store.close();
  });

  it('deletes one user\'s lines (theirs, and those of their conversations) and keeps everyone else\'s', async () => {
    const store = new LowdbTranscriptStore(dir);
    await store.append(entry('2026-11-02T09:00:00.000Z', 'c1', 'anna', 'van Anna'));
    await store.append({ ...entry('2026-11-02T09:00:01.000Z', 'c1', 'anna-webchat-id', 'antwoord aan Anna'), from: 'bot' });
    await store.append(entry('2026-11-02T10:00:00.000Z', 'c2', 'carla', 'van Carla'));
    expect(await store.deleteForUser('anna', ['c1'])).toBe(2);
    const left = readFileSync(path.join(dir, 'transcripts', '2026-11-02.jsonl'), 'utf8');
    expect(left).not.toMatch(/Anna/);
    expect(left).toMatch(/van Carla/);
    // Appends after the rewrite land in the new file, not in the replaced one.
    await store.append(entry('2026-11-02T11:00:00.000Z', 'c2', 'carla', 'nog een vraag'));
    expect((await store.conversation('c2')).map((e) => e.text)).toEqual(['van Carla', 'nog een vraag']);
    await store.close();
  });
});
