import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadYesNo, parseLenientYesNo, parseYesNo } from '../../dialogs/yesNo.js';

describe('typed yes and no', () => {
  it.each([
    ['ja', true],
    ['Ja graag!', true],
    ['jep', true],
    ['doe maar', true],
    ['nee hoor', false],
    ['Nee, dank je.', false],
    ['ja hoor, dank je', undefined],
    ['waarom staat er visio in?', undefined],
    ['', undefined],
  ])('strictly, "%s" is %s', (text, expected) => {
    expect(parseYesNo(text)).toBe(expected);
  });

  it.each([
    ['ja hoor, dank je', true],
    ['jaaa', true],
    ['Jazeker, top', true],
    ['klopt', true],
    ['nee niet echt', false],
    ['neee', false],
    ['helaas niet, het ging over iets anders', false],
    ['ja maar waarom staan de basispakketten er niet in?', undefined],
    ['jaarregistratie', undefined],
    ['nee, want ik wil eigenlijk weten hoe ik het aantal licenties verlaag', undefined],
  ])('leniently, "%s" is %s', (text, expected) => {
    expect(parseLenientYesNo(text)).toBe(expected);
  });

  it('names the file when the word list is broken', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'yesno-')), 'yesNo.yaml');
    writeFileSync(file, 'yes: [ja]\nno: []\n');
    expect(() => loadYesNo(file)).toThrow(
      new RegExp(`yes/no words: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*no`),
    );
  });
});
