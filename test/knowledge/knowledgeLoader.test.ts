import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError, loadKnowledge } from '../../knowledge/knowledgeLoader.js';

describe('knowledge loader', () => {
  it('loads the 20 FAQ entries with the ids of the brief', () => {
    const { entries, intents } = loadKnowledge();
    expect(entries.map((e) => e.id)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '1.4',
      '1.5',
      '1.6',
      '1.7',
      '1.8',
      '1.9',
      '1.10',
      '2.1',
      '2.2',
      '2.3',
      '2.4',
      '2.5',
      '2.6',
      '3.1',
      '3.2',
      '3.3',
      '3.4',
    ]);
    expect(entries.find((e) => e.id === '2.6')!.answer).toMatch(/90 dagen na afloopdatum/);
    expect(intents.map((i) => i.name).sort()).toEqual([
      'cart_status',
      'contact_change',
      'general_request',
      'handoff',
      'order_correction',
      'order_status',
      'ticket_status',
    ]);
  });

  describe('with a broken content file', () => {
    let dir: string;
    const file = () => path.join(dir, 'content', '1-winkelwagen.yaml');
    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'kb-'));
      cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const breakLine = (find: string, replace: string) => {
      const text = readFileSync(file(), 'utf8');
      expect(text).toContain(find);
      writeFileSync(file(), text.replace(find, replace));
      return text.slice(0, text.indexOf(find)).split('\n').length;
    };
    const loadError = (): KnowledgeError => {
      try {
        loadKnowledge(dir);
      } catch (err) {
        return err as KnowledgeError;
      }
      throw new Error('expected loading to fail');
    };

    it('names file and line of an empty answer', () => {
      const answerLine = breakLine(
        '    answer: |-\n      Zie hiervoor het document ‘Regels & wijzigingen’ en het stappenplan op de themapagina.',
        '    answer: " "',
      );
      const err = loadError();
      expect(err).toBeInstanceOf(KnowledgeError);
      expect(err.file).toBe(file());
      expect(err.message).toMatch(/1-winkelwagen\.yaml:\d+/);
      expect(err.line).toBe(answerLine);
      expect(err.problem).toMatch(/must not be empty \(at entries\.1\.answer\)/);
    });

    it('names file and line of a malformed source link', () => {
      const line = breakLine('      - https://slbslbpwesawagtail', '      - htps//slbslbpwesawagtail');
      const err = loadError();
      expect(err.message).toMatch(new RegExp(`1-winkelwagen\\.yaml:${line}: `));
    });

    it('names file and line of a duplicate id', () => {
      const line = breakLine('  - id: "1.4"', '  - id: "1.3"');
      const err = loadError();
      expect(err.message).toMatch(new RegExp(`1-winkelwagen\\.yaml:${line}: duplicate id "1.3"`));
    });

    it('names file and line of invalid YAML', () => {
      const line = breakLine('    question: Hoe vraag ik Office A1 licenties aan?', '    question: [Hoe vraag ik');
      const err = loadError();
      expect(err.message).toMatch(/not valid YAML/);
      expect(err.line).toBeGreaterThanOrEqual(line);
    });
  });
});
