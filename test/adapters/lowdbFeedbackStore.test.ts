import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LowdbFeedbackStore } from '../../adapters/feedback/lowdbFeedbackStore.js';

let dataDir: string;
beforeEach(() => (dataDir = mkdtempSync(path.join(os.tmpdir(), 'slb-feedback-'))));
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const feedbackDir = () => path.join(dataDir, 'feedback');
const journals = () => readdirSync(feedbackDir()).filter((name) => name.startsWith('journal-'));
const at = (day: number) => new Date(Date.UTC(2026, 10, day, 10)).toISOString();

describe('LowdbFeedbackStore (embedded files)', () => {
  it('appends a line per question instead of rewriting what is there', async () => {
    const store = new LowdbFeedbackStore(dataDir);
    await store.recordUnanswered({ question: 'Wat kost een koffie?', at: at(1) });
    const [journal] = journals();
    const file = path.join(feedbackDir(), journal);
    const first = readFileSync(file, 'utf8');
    for (let i = 0; i < 50; i++) await store.recordUnanswered({ question: `Vraag ${i}`, at: at(2) });
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(first)).toBe(true);
    expect(text.split('\n').filter(Boolean)).toHaveLength(51);
    expect(statSync(file).size).toBeLessThan(51 * 100);
    expect((await store.list()).unanswered).toHaveLength(51);
    await store.close();
  });

  it('a restarted bot reads what the previous one recorded and appends to a journal of its own', async () => {
    const before = new LowdbFeedbackStore(dataDir);
    const candidates = [{ id: '1.5', score: 0.6 }];
    await before.recordClarified({ id: 'r1', question: 'basispakketten', candidates, at: at(1) });
    await before.close();
    const after = new LowdbFeedbackStore(dataDir);
    await after.recordClarifyChoice('r1', '1.5');
    expect(journals()).toHaveLength(2);
    expect((await after.list()).clarified).toEqual([
      { id: 'r1', question: 'basispakketten', candidates, chosen: '1.5', at: at(1) },
    ]);
    // A reader (`kb report`) in another process sees the same.
    expect((await new LowdbFeedbackStore(dataDir).list()).clarified[0].chosen).toBe('1.5');
    await after.close();
  });

  it('retention keeps the newer records in a snapshot, deletes the journals it covers and goes on appending', async () => {
    const store = new LowdbFeedbackStore(dataDir);
    await store.recordUnanswered({ question: 'oud', at: at(1) });
    await store.recordFeedback({ entryId: '1.5', question: 'oud', helpful: false, at: at(1) });
    await store.recordClarified({ id: 'r2', question: 'nieuw', candidates: [], at: at(20) });
    expect(await store.removeOlderThan(new Date(at(10)))).toBe(2);
    expect(journals()).toEqual([]);
    await store.recordClarifyChoice('r2', '3.3');
    await store.recordUnanswered({ question: 'nog nieuwer', at: at(21) });
    expect(await store.list()).toEqual({
      feedback: [],
      unanswered: [{ question: 'nog nieuwer', at: at(21) }],
      clarified: [{ id: 'r2', question: 'nieuw', candidates: [], chosen: '3.3', at: at(20) }],
    });
    expect(readdirSync(feedbackDir()).join('\n')).not.toMatch(/oud/);
    await store.close();
  });

  it('reads the single feedback.json of an earlier version, and retention folds it into the snapshot', async () => {
    const legacy = path.join(dataDir, 'feedback.json');
    writeFileSync(
      legacy,
      JSON.stringify({ feedback: [], unanswered: [{ question: 'van vroeger', at: at(15) }] }, null, 2),
    );
    const store = new LowdbFeedbackStore(dataDir);
    await store.recordUnanswered({ question: 'van nu', at: at(16) });
    expect((await store.list()).unanswered.map((u) => u.question)).toEqual(['van vroeger', 'van nu']);
    expect(await store.removeOlderThan(new Date(at(1)))).toBe(0);
    expect(existsSync(legacy)).toBe(false);
    expect((await new LowdbFeedbackStore(dataDir).list()).unanswered.map((u) => u.question)).toEqual([
      'van vroeger',
      'van nu',
    ]);
    await store.close();
  });
});
