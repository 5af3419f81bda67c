import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LowdbFeedbackStore } from '../../adapters/feedback/lowdbFeedbackStore.js';
import { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../../knowledge/knowledgeLoader.js';
import { likelyEntry } from '../../knowledge/learning.js';

const run = promisify(execFile);

/** A temporary DATA_DIR with feedback the way the bot records it, and a temporary copy of knowledge/. */
let dataDir: string;
let knowledgeDir: string;

beforeEach(async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'slb-learning-'));
  dataDir = path.join(root, 'data');
  knowledgeDir = path.join(root, 'knowledge');
  cpSync(DEFAULT_KNOWLEDGE_DIR, knowledgeDir, { recursive: true });
  const store = new LowdbFeedbackStore(dataDir);
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 10, minute)).toISOString();
  // "aantallen" twice with suggestions (3.4, 3.2, 1.1); one user clicked 3.2.
  await store.recordClarified({
    id: 'c1',
    question: 'aantallen',
    candidates: [
      { id: '3.4', score: 0.55 },
      { id: '3.2', score: 0.54 },
      { id: '1.1', score: 0.47 },
    ],
    at: at(1),
  });
  await store.recordClarifyChoice('c1', '3.2');
  await store.recordClarified({
    id: 'c2',
    question: 'Aantallen?',
    candidates: [
      { id: '3.4', score: 0.55 },
      { id: '3.2', score: 0.54 },
    ],
    at: at(2),
  });
  await store.recordUnanswered({ question: 'Kan ik een beamer bij jullie huren?', at: at(3) });
  await store.recordClarified({
    id: 'c3',
    question: 'abonnementen verlopen',
    candidates: [
      { id: '2.6', score: 0.86 },
      { id: '2.4', score: 0.82 },
    ],
    at: at(4),
  });
  await store.close();
});

afterEach(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));

async function kb(args: string[], stdin = ''): Promise<{ stdout: string; stderr: string; code: number }> {
  const child = run('npm', ['run', '--silent', 'kb', '--', ...args, '--knowledge-dir', knowledgeDir], {
    cwd: process.cwd(),
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
  });
  child.child.stdin!.end(stdin);
  try {
    return { ...(await child), code: 0 };
  } catch (err) {
    const { stdout, stderr, code } = err as { stdout: string; stderr: string; code: number };
    return { stdout, stderr, code };
  }
}

const contentFile = (name: string) => path.join(knowledgeDir, 'content', name);
const entry = (id: string) => loadKnowledge(knowledgeDir).entries.find((e) => e.id === id)!;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('npm run kb -- report: learning from use', () => {
  it('lists unanswered and clarified questions with the entry each most likely belongs to', async () => {
    const { stdout, code } = await kb(['report']);
    expect(code).toBe(0);
    const likely = likelyEntry(new KnowledgeBase(loadKnowledge(knowledgeDir)), 'aantallen')!;
    expect(likely).toBeDefined();
    expect(stdout).toMatch(
      /Unanswered questions \(1\):\n {4}1x {2}Kan ik een beamer bij jullie huren\?\n {8}(likely \d+\.\d+ \(confidence|no likely entry)/,
    );
    expect(stdout).toMatch(
      new RegExp(
        `Questions answered with suggestions \\(2\\):\\n {4}2x {2}aantallen\\n {8}offered 3\\.4, 3\\.2, 1\\.1; clicked 3\\.2 1x\\n {8}likely ${escape(likely.id)} \\(confidence ${likely.confidence.toFixed(2)}, now: [a-z_ .0-9]+\\): ${escape(entry(likely.id).question)}`,
      ),
    );
    expect(stdout).toMatch(
      / {4}1x {2}abonnementen verlopen\n {8}offered 2\.6, 2\.4; clicked none\n {8}likely 2\.[46] /,
    );
    expect(stdout).toMatch(/npm run kb -- learn --accept "<question>" --entry <id>/);
  }, 30_000);
});

describe('npm run kb -- learn', () => {
  it("--accept adds the question to the entry's alternatives, keeping the file, and the bot then answers it with that entry", async () => {
    const file = contentFile('2-afronden-en-levering.yaml');
    const before = readFileSync(file, 'utf8');
    const alternativesBefore = entry('2.6').alternatives;

    const { stdout, code } = await kb(['learn', '--accept', 'abonnementen verlopen', '--entry', '2.6']);
    expect(code).toBe(0);
    expect(stdout).toContain(
      `added to ${file}, entry 2.6 (${entry('2.6').question}): alternative "abonnementen verlopen"`,
    );

    // Exactly one line more, with the indentation of its neighbours; comments and everything else unchanged.
    const after = readFileSync(file, 'utf8');
    expect(after.split('\n')).toHaveLength(before.split('\n').length + 1);
    expect(after.replace('      - abonnementen verlopen\n', '')).toBe(before);
    expect(entry('2.6').alternatives).toEqual([...alternativesBefore, 'abonnementen verlopen']);

    const ask = await kb(['ask', '--json'], 'abonnementen verlopen\n');
    expect(JSON.parse(ask.stdout)).toEqual(expect.objectContaining({ decision: 'answer', id: '2.6' }));

    // The report now says where the question went; a second accept changes nothing.
    expect((await kb(['report'])).stdout).toMatch(
      /1x {2}abonnementen verlopen\n.*\n {8}already a phrasing of 2\.6 \(now: answer 2\.6\)/,
    );
    const again = await kb(['learn', '--accept', 'Abonnementen verlopen!', '--entry', '2.6']);
    expect(again.stdout).toMatch(/unchanged: "Abonnementen verlopen!" is already a phrasing of .*entry 2\.6/);
    expect(readFileSync(file, 'utf8')).toBe(after);
  }, 40_000);

  it('--accept refuses an unknown entry and a question another entry already has', async () => {
    const unknown = await kb(['learn', '--accept', 'abonnementen verlopen', '--entry', '9.9']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/there is no entry "9\.9"/);
    const taken = await kb(['learn', '--accept', entry('1.8').question, '--entry', '2.6']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/already a phrasing of entry 1\.8/);
  }, 30_000);

  it('goes through the questions: j accepts the suggested entry, n skips, a typed id chooses another entry', async () => {
    const facturatie = readFileSync(contentFile('3-facturatie.yaml'), 'utf8');
    const { stdout, code } = await kb(['learn'], 'j\nn\n2.4\n');
    expect(code).toBe(0);
    // "aantallen": users clicked 3.2 among the suggestions, so 3.2 is proposed.
    expect(stdout).toMatch(
      /\[1\/3\] aantallen {2}\(2x; now: [^)]*users clicked 3\.2\)\n {2}suggested entry 3\.2: Het aantal gebruikers/,
    );
    expect(stdout).toContain('alternative "aantallen"');
    expect(stdout).toMatch(/\[2\/3\] Kan ik een beamer bij jullie huren\?/);
    expect(stdout).toMatch(/\[3\/3\] abonnementen verlopen/);
    expect(stdout).toMatch(/entry 2\.4 \(.*\): alternative "abonnementen verlopen"/);
    expect(stdout).toMatch(/2 alternative\(s\) added/);

    expect(entry('3.2').alternatives.at(-1)).toBe('aantallen');
    expect(entry('2.4').alternatives.at(-1)).toBe('abonnementen verlopen');
    expect(
      loadKnowledge(knowledgeDir).entries.some((e) => e.alternatives.includes('Kan ik een beamer bij jullie huren?')),
    ).toBe(false);
    expect(readFileSync(contentFile('3-facturatie.yaml'), 'utf8').split('\n').length).toBe(
      facturatie.split('\n').length + 1,
    );

    const ask = await kb(['ask', '--json'], 'aantallen\n');
    expect(JSON.parse(ask.stdout)).toEqual(expect.objectContaining({ decision: 'answer', id: '3.2' }));

    // Nothing left to ask about but the skipped question.
    const second = await kb(['learn'], 'n\n');
    expect(second.stdout).toMatch(/\[1\/1\] Kan ik een beamer bij jullie huren\?/);
  }, 60_000);
});
