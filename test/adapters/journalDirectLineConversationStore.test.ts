import { mkdtempSync, readdirSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DirectLineState } from '../../adapters/directline/directLineConversationStore.js';
import { JournalDirectLineConversationStore } from '../../adapters/directline/journalDirectLineConversationStore.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'slb-dl-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const empty = (): DirectLineState => ({ conversations: [], tokens: [] });
const info = (id: string) => ({
  id,
  userId: `bezoeker-${id}`,
  clientAddress: '127.0.0.1',
  started: true,
  lastUsed: 1000,
});
const activity = (id: string, n: number, text: string) => ({ id: `${id}|${String(n).padStart(7, '0')}`, text });

describe('JournalDirectLineConversationStore', () => {
  it('gives back conversations, activities (with what was dropped) and tokens after a crash (no close)', async () => {
    const first = new JournalDirectLineConversationStore(dir);
    await first.open(empty);
    first.record({ kind: 'conversation', conversation: info('dl-a') });
    for (let n = 0; n < 5; n++)
      first.record({
        kind: 'activity',
        conversationId: 'dl-a',
        watermark: n,
        activity: activity('dl-a', n, `bericht ${n}`),
        dropped: Math.max(0, n - 2),
      });
    first.record({ kind: 'token', token: { hash: 'h1', conversationId: 'dl-a', expires: 99 } });
    first.record({ kind: 'conversation', conversation: { ...info('dl-b'), aadObjectId: 'x' } });
    first.record({ kind: 'conversationRemoved', conversationId: 'dl-b' });
    await first.flush();
    // Killed: no close(), the lock is left behind (its pid is this process, which may take it over).

    const second = new JournalDirectLineConversationStore(dir);
    const state = await second.open(empty);
    expect(state.conversations).toHaveLength(1);
    const [a] = state.conversations;
    expect(a).toMatchObject({ id: 'dl-a', started: true, dropped: 2 });
    expect(a.activities.map((x) => x.text)).toEqual(['bericht 2', 'bericht 3', 'bericht 4']);
    expect(state.tokens).toEqual([{ hash: 'h1', conversationId: 'dl-a', expires: 99 }]);
    // Loading folded the journals into the snapshot.
    expect(readdirSync(path.join(dir, 'directline')).filter((f) => f.startsWith('journal-'))).toHaveLength(1);
    await second.close();
  });

  it('skips a line torn by a crash, and an activity recorded twice counts once', async () => {
    const first = new JournalDirectLineConversationStore(dir);
    await first.open(empty);
    first.record({ kind: 'conversation', conversation: info('dl-a') });
    const change = {
      kind: 'activity' as const,
      conversationId: 'dl-a',
      watermark: 0,
      activity: activity('dl-a', 0, 'hoi'),
      dropped: 0,
    };
    first.record(change);
    first.record(change);
    await first.flush();
    const journal = readdirSync(path.join(dir, 'directline')).find((f) => f.startsWith('journal-'))!;
    appendFileSync(path.join(dir, 'directline', journal), '\n{"kind":"activity","conversationId":"dl-a","wat');

    const second = new JournalDirectLineConversationStore(dir);
    const state = await second.open(empty);
    expect(state.conversations[0].activities.map((x) => x.text)).toEqual(['hoi']);
    await second.close();
  });

  it('folds a grown journal into a snapshot of the live state, which is all that is left', async () => {
    const live = {
      conversations: [{ ...info('dl-a'), dropped: 0, activities: [activity('dl-a', 0, 'x')] }],
      tokens: [],
    };
    const store = new JournalDirectLineConversationStore(dir, { compactSize: 2000 });
    await store.open(() => live);
    store.record({ kind: 'conversation', conversation: info('dl-a') });
    for (let n = 0; n < 40; n++)
      store.record({ kind: 'token', token: { hash: `h${n}`, conversationId: 'dl-a', expires: n } });
    await store.flush();
    await store.close();
    const files = readdirSync(path.join(dir, 'directline'));
    const snapshot = JSON.parse(readFileSync(path.join(dir, 'directline', 'snapshot.json'), 'utf8'));
    expect(snapshot.conversations).toHaveLength(1);
    // Journals the snapshot covers are gone: what remains is smaller than what was written.
    const journalChars = files
      .filter((f) => f.startsWith('journal-'))
      .reduce((n, f) => n + readFileSync(path.join(dir, 'directline', f), 'utf8').length, 0);
    expect(journalChars).toBeLessThan(2000);
  });
});
