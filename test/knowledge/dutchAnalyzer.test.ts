import { createDutchAnalyzer, normalizeDutch, withinOneEdit } from '../../knowledge/dutchAnalyzer.js';
import { loadKnowledge } from '../../knowledge/knowledgeLoader.js';

const content = loadKnowledge();
const analyzer = createDutchAnalyzer({
  lexicon: content.lexicon,
  vocabulary: content.entries.flatMap((e) => [e.question, e.answer, ...e.alternatives]),
});
const same = (a: string, b: string) => expect(analyzer.terms(a)).toEqual(analyzer.terms(b));

describe('Dutch analysis', () => {
  it('folds case and accents: "ín" is "in", "licentiës" is "licenties"', () => {
    expect(normalizeDutch('Al ‘ÍN bezit’')).toBe("al 'in bezit'");
    same('licentiës', 'licenties');
  });

  it('normalising twice equals normalising once', () => {
    for (const text of ['Ín Bezit', 'ÉÉN Basispakket', 'e-mail’s', content.entries[0].answer]) {
      expect(normalizeDutch(normalizeDutch(text))).toBe(normalizeDutch(text));
    }
  });

  it('brings singular and plural together with the Snowball stemmer', () => {
    same('basispakketten', 'basispakket');
    same('winkelwagens', 'winkelwagen');
    same('abonnementen', 'abonnement');
  });

  it('joins split compounds and splits joined ones', () => {
    same('winkel wagen', 'winkelwagen');
    same('basis pakket', 'basispakket');
    expect(analyzer.terms('licentieaantallen')).toEqual(expect.arrayContaining(analyzer.terms('licentie aantallen')));
  });

  it('maps loanwords and variants from the lexicon', () => {
    same('cart', 'winkelwagen');
    same('invoice', 'factuur');
    same('admin center', 'beheerdersportaal');
    same('beheerdersportal', 'beheerdersportaal');
  });

  it('reads an English verb with a Dutch participle as the English word: "gedelivered" is delivered', () => {
    same('gedelivered', 'geleverd');
    same('geupdate', 'gewijzigd');
  });

  it('drops stop words and filler phrases', () => {
    expect(analyzer.terms('hoe werkt dat nou eigenlijk')).toEqual([]);
    expect(analyzer.terms('Waarom zie ik de winkelwagen niet')).toEqual(analyzer.terms('zie winkelwagen niet'));
  });
});

describe('slips of common words', () => {
  it.each([
    ['waaorm', 'waarom', true],
    ['wanner', 'wanneer', true],
    ['omdatt', 'omdat', true],
    ['waarom', 'waarom', false],
    ['printer', 'printen', true],
    ['winkel', 'wanneer', false],
  ])('withinOneEdit(%s, %s) is %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
  });

  it('weighs a slip of a function word ("waaorm") as a common word, a word for a thing not', () => {
    expect(analyzer.isGeneral(analyzer.stem('waaorm'))).toBe(true);
    expect(analyzer.isGeneral(analyzer.stem('wachtwoord'))).toBe(false);
  });
});

describe('separable verbs', () => {
  it.each(['aankomen', 'bijgewerkt', 'vrijgegeven', 'dichtgaat', 'aangekomen'])(
    'weighs "%s" (a particle and an everyday verb) as a common word',
    (word) => {
      expect(analyzer.isGeneral(analyzer.stem(word))).toBe(true);
    },
  );

  it.each(['uitschakelen', 'inloggen', 'opslagruimte', 'aanbesteding'])(
    'keeps "%s" a word that may be the topic',
    (word) => {
      expect(analyzer.isGeneral(analyzer.stem(word))).toBe(false);
    },
  );
});

describe('requests and data in a message', () => {
  it('reads a verb opening the message as a request, the same verb in a how-to question not', () => {
    expect(analyzer.analyze('Verwijder Piet Smit als contactpersoon, hij werkt hier niet meer').request).toBe(true);
    expect(analyzer.analyze('hoe verwijder ik een team van een vertrokken collega').request).toBe(false);
  });

  it('leaves e-mail and web addresses out of the words of a question', () => {
    expect(analyzer.terms('wijzig de contactpersoon naar j.devries@school.nl')).toEqual(
      analyzer.terms('wijzig de contactpersoon naar'),
    );
    expect(analyzer.terms('staat het op https://www.slbdiensten.nl/microsoft?')).toEqual(
      analyzer.terms('staat het op'),
    );
  });
});

describe('amounts said to be other amounts, and voiced first letters', () => {
  it.each(['we hebben 300 ipv 30 A3 besteld', '240 A3 moet 230 zijn', 'we hebben 300 besteld, het moesten er 30 zijn'])(
    '"%s" speaks of an error',
    (text) => {
      expect(analyzer.terms(text)).toContain(analyzer.terms('fout')[0]);
    },
  );

  it.each([
    'als ik 130 A3 heb, moet ik dan 30 basispakketten bijbestellen?',
    'kan ik A1 nemen ipv extra basispakketten?',
  ])('"%s" does not', (text) => {
    expect(analyzer.terms(text)).not.toContain(analyzer.terms('fout')[0]);
  });

  it('reads "sijn" as the common word it is, with its s for a z', () => {
    expect(analyzer.isGeneral(analyzer.stem('sijn'))).toBe(true);
    expect(analyzer.isGeneral(analyzer.stem('sein'))).toBe(false);
  });
});
