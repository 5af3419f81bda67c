import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/knowledgeLoader.js';

const run = promisify(execFile);

/** `kb lint` on a copy of the knowledge folder, changed by `edit`; resolves with its exit code and output. */
async function lintCopy(edit: (dir: string) => void): Promise<{ code: number; out: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'slb-kb-'));
  try {
    cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    edit(dir);
    const { stdout } = await run('npm', ['run', '--silent', 'kb', '--', 'lint', '--knowledge-dir', dir]);
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: e.code ?? -1, out: e.stdout ?? '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const winkelwagen = (dir: string) => path.join(dir, 'content', '1-winkelwagen.yaml');
const change = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`test fixture: "${from}" not in ${file}`);
  writeFileSync(file, text.replace(from, to));
};

describe('kb lint: the content gate', () => {
  it('passes on the shipped content: every slip is corrected with an editor note or marked for the editors', async () => {
    const { code, out } = await lintCopy(() => undefined);
    expect(code).toBe(0);
    expect(out).toMatch(/20 entries, 0 errors, \d+ warnings, 1 marked for SLB's editors, 4 corrected \(editor notes\)/);
    expect(out).toMatch(
      /for SLB editors .*1-winkelwagen\.yaml:\d+ \[1\.10\] for-editors: published "die per maandag 4-11-24"/,
    );
  }, 30_000);

  it('fails, naming file, line and entry, on a slip nobody reviewed', async () => {
    const { code, out } = await lintCopy((dir) =>
      change(winkelwagen(dir), 'in 2025 kiest.', 'in 2025 kiest. Bestel voor maandag 4-11-24.'),
    );
    expect(code).toBe(1);
    expect(out).toMatch(/^error .*1-winkelwagen\.yaml:\d+ \[1\.10\] stale-date: answer: "maandag 4-11-24" is in 2024/m);
    expect(out).toMatch(/1 errors/);
  }, 30_000);

  it('fails when a note says "corrected" but the slip is back', async () => {
    const { code, out } = await lintCopy((dir) =>
      change(
        winkelwagen(dir),
        'Kan ik ook de winkelwagen voor 2026 claimen?',
        'Kan ik ook de winkelwagen voor 2025 claimen?',
      ),
    );
    expect(code).toBe(1);
    expect(out).toMatch(
      /error .*\[1\.6\] editor-note: editor note: "winkelwagen voor 2026" is not in the question or answer/,
    );
    expect(out).toMatch(/error .*\[1\.6\] other-year: question: "winkelwagen voor 2025"/);
  }, 30_000);

  it('lets a slip marked for the editors through, and lists it for them', async () => {
    const { code, out } = await lintCopy((dir) => {
      change(winkelwagen(dir), 'die per 4-11-25 voor', 'die per maandag 4-11-24 voor');
      change(winkelwagen(dir), 'text: "die per 4-11-25"', 'text: "maandag 4-11-24"');
    });
    expect(code).toBe(0);
    expect(out).toMatch(/for SLB editors .*\[1\.10\] stale-date: answer: "maandag 4-11-24"/);
  }, 30_000);
});

describe('what users read', () => {
  it('the FAQ copy the bot serves has the corrected values, not the published slips', async () => {
    const text = readFileSync(winkelwagen(DEFAULT_KNOWLEDGE_DIR), 'utf8').replace(
      /editor_notes:[\s\S]*?(?=\n {2}- id:|$)/g,
      '',
    );
    expect(text).not.toMatch(/winkelwagen voor 2025|ingangsdatum per 1-1-25|4-11-24|dat dat/);
  });
});
