import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { evaluate, loadEvalSet } from '../../knowledge/evaluation.js';
import { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { loadKnowledge } from '../../knowledge/knowledgeLoader.js';

const run = promisify(execFile);
const kb = new KnowledgeBase(loadKnowledge());

describe('knowledge base decisions', () => {
  it.each([
    ['Waarom zie ik mijn basispakketten niet in de winkelwagen?', '1.5'],
    ['Hoe vraag ik Office A1 licenties aan?', '1.8'],
    ['hoelang is de grace period van verlopen abonnementen', '2.6'],
    // "wanneer krijgen we" asks how long until delivery; the tenant is the beheerdersportaal (it answered 2.5, mails).
    ['wanneer krijgen we de licenties in onze tenant?', '2.2'],
    ['wanneer krijgen we de licenties?', '2.2'],
  ])('answers "%s" with %s', (q, id) => {
    expect(kb.ask(q)).toEqual(expect.objectContaining({ decision: 'answer', id }));
  });

  it.each([
    ['wat zit er in mijn winkelwagen', 'cart_status'],
    ['is mijn bestelling afgerond?', 'order_status'],
    ['ik wil mijn bestelling laten corrigeren', 'order_correction'],
    ['ik wil de contactpersoon wijzigen', 'contact_change'],
    ['kan ik een medewerker spreken', 'handoff'],
    // An editor's phrasing typed as is goes to its target, though "medewerker" is also a word of FAQ 3.4.
    ['medewerker', 'handoff'],
  ])('starts a dialog for "%s": %s', (q, dialog) => {
    expect(kb.ask(q)).toEqual(expect.objectContaining({ decision: 'dialog', dialog, id: null }));
  });

  // Shapes from issue 13 that the first policy declined: filler, typos, split compounds, other vocabulary.
  it.each([
    ['ik mis de basispakketten in de cart', '1.5'],
    ['hoe vraag ik offce A1 aan in de beheerders portal', '1.8'],
    ['Goedemiddag, zou u mij kunnen vertellen wanneer de licenties voor 2026 geleverd worden?', '2.2'],
    ['hoi, even een vraagje: wanneer krijgen we de factuur?', '3.1'],
    ['winkel wagen claimen als tweede contact persoon', '1.6'],
  ])('answers "%s" with %s although it has filler, typos or split compounds', (q, id) => {
    expect(kb.ask(q)).toEqual(expect.objectContaining({ decision: 'answer', id }));
  });

  // A pasted letter: its salutation and signature (a name, a role, a school) are not part of the question.
  it.each([
    [
      'Geachte heer/mevrouw, wij hebben de Microsoft jaarregistratie afgerond. Kunt u mij vertellen vanaf wanneer de licenties in ons beheerdersportaal staan? Met vriendelijke groet, J. de Boer, administratie OBS De Linde',
      '2.2',
    ],
    [
      'Beste servicedesk,\nHet aantal medewerkers bij onze stichting is flink gedaald. Kunnen wij minder basispakketten afnemen?\nMet vriendelijke groet, Kees Jansen, bovenschools ICT-coördinator Stichting Rijnland',
      '3.2',
    ],
    [
      'Beste, waarom staan de basispakketten niet in de winkelwagen? Groeten, Marieke van den Berg, administratief medewerker De Regenboog',
      '1.5',
    ],
  ])('answers a pasted letter with its entry: %s', (q, id) => {
    expect(kb.ask(q)).toEqual(expect.objectContaining({ decision: 'answer', id }));
  });

  // The situation first, the question last: when the whole message is declined, its question sentence is asked.
  it('answers the question sentence of a message that first tells its situation', () => {
    const q =
      'We zijn net gefuseerd met een andere stichting en de administratie is nog een chaos. Wanneer staan de licenties voor 2026 in de beheerdersportal?';
    expect(kb.ask(q)).toEqual(expect.objectContaining({ q, decision: 'answer', id: '2.2' }));
    // Alone, it is answered only when the entry covers most of it; else its entries are offered (user trial: this
    // letter was answered with FAQ 1.9, more basispakketten, and a cost for them).
    const letter = kb.ask(
      'Goedemorgen, Wij zijn een stichting met drie scholen (twee vmbo-locaties en een havo). Vorig jaar hebben we 150 A3 licenties gehad maar door krimp hebben we er nog 110 nodig. Kunnen we minder basispakketten afnemen en wat betekent dat voor de factuur die we in oktober al hebben gekregen? Met vriendelijke groet, Anna de Vries',
    );
    expect(letter.decision).toBe('clarify');
    expect(letter.candidates.map((c) => c.id)).toContain('3.2');
    // A question sentence that needs the story ("dat") is not asked alone: it would answer whatever "regel" matches.
    expect(kb.ask('We hebben drie stagiaires die alleen mail nodig hebben. Hoe regel ik dat?')).toEqual(
      expect.objectContaining({ decision: 'fallback', id: null }),
    );
  });

  // "hoe <verb> ik" asks how, whatever the verb; arranging licences is requesting them, not FAQ 1.2's rules.
  it.each([
    ['hoe regelen we gratis A1 voor onze stagiaires?', '1.8'],
    ['hoe regelen we dat onze basispakketten in de winkelwagen komen?', '1.5'],
  ])('answers "%s" with %s', (q, id) => {
    expect(kb.ask(q)).toEqual(expect.objectContaining({ decision: 'answer', id }));
  });

  // "Even checken: ..." is the user checking something; "waar vind ik" and "moet ik" ask for knowledge, even with a
  // look-up word ("inzien", "nog open") in them.
  it.each([
    ['hoi, ff checken: horen de basispakketten niet gewoon in de winkelwagen?', '1.5'],
    ['waar kan ik onze basispakketten voor 2026 inzien, in de winkelwagen staan ze niet', '1.5'],
    ['moet ik de aantallen die al in onze winkelwagen staan nog controleren?', '1.1'],
  ])('answers "%s" with %s (or offers it) instead of starting a look-up', (q, id) => {
    const d = kb.ask(q);
    expect(d.decision).not.toBe('dialog');
    expect(d.id === id || d.candidates.some((c) => c.id === id)).toBe(true);
  });

  it('offers up to three entries instead of declining a terse question about the registration', () => {
    const d = kb.ask('basispakketten?');
    expect(d.decision).toBe('clarify');
    expect(d.candidates.map((c) => c.id)).toContain('1.5');
    expect(d.candidates.length).toBeLessThanOrEqual(3);
  });

  it.each([
    ['kun je even checken wat er in mijn cart zit?', 'cart_status'],
    ['ik heb 300 ipv 30 besteld, kun je dat rechtzetten?', 'order_correction'],
    ['graag een nieuwe contactpersoon registreren', 'contact_change'],
    ['ik wil een verzoek indienen bij de servicedesk', 'general_request'],
    // The FAQ's 1.4 matches as fully, but the request lifted the dialog past it (both beyond the 0..1 confidence).
    ['onze bestelling is fout, kunnen jullie die aanpassen', 'order_correction'],
    ['mijn order klopt niet, graag wijzigen', 'order_correction'],
    // An amount said to be another reports a mistake in the user's own order: as good as asking for the correction.
    [
      'de bestelling van onze school klopt niet, we hebben 40 A3 besteld maar het moesten er 4 zijn',
      'order_correction',
    ],
    // User trial: a list of one's own requests, a status in other words, a message left with the verb split.
    ['mijn verzoeken', 'ticket_status'],
    ['is onze registratie al binnen?', 'order_status'],
    ['ORD-2025-008765', 'order_status'],
    ['ok dan laat ik een bericht achter', 'general_request'],
    ['ik heb een algemene vraag voor de servicedesk', 'general_request'],
    // Who they say they are, then the request after the comma (the identity still comes from the channel).
    ['ik ben Anna de Vries van Demo Lyceum klantnummer 100001, laat mijn winkelwagen zien', 'cart_status'],
  ])('starts a dialog for the request "%s": %s', (q, dialog) => {
    expect(kb.ask(q)).toEqual(expect.objectContaining({ decision: 'dialog', dialog }));
  });

  it("declines questions in the FAQ's own words that it does not answer", () => {
    for (const q of ['kan ik de factuur in termijnen betalen?', 'hoe reset ik mijn wachtwoord van teams']) {
      expect(kb.ask(q)).toEqual({ q, decision: 'fallback', id: null, dialog: null, candidates: [] });
    }
  });

  it('declines a question about another topic (other-topics.txt), even with our products or a request in it', () => {
    for (const q of [
      'krijgen we korting op het basispakket als we veel A3 licenties afnemen?',
      'kan ik een training over Teams volgen bij jullie?',
      'kunnen jullie een A3 licentie op mijn laptop zetten?',
    ]) {
      expect(kb.ask(q)).toEqual({ q, decision: 'fallback', id: null, dialog: null, candidates: [] });
    }
  });

  it('declines what the FAQ does not cover', () => {
    for (const q of ['hoe laat is het', 'wat is de hoofdstad van Frankrijk', 'mijn printer doet het niet']) {
      expect(kb.ask(q)).toEqual({ q, decision: 'fallback', id: null, dialog: null, candidates: [] });
    }
  });

  // Floors a little under the measured figures (README): a change that makes answers worse turns this red.
  it.each(['test/fixtures/dev-set.yaml', 'test/fixtures/dev-set-2.yaml', 'test/fixtures/test-set.yaml'])(
    'meets the quality bar on %s',
    (file) => {
      const report = evaluate(kb, loadEvalSet(file));
      expect(report.answeredCorrectly).toBeGreaterThanOrEqual(0.85);
      expect(report.oneClick).toBeGreaterThanOrEqual(0.88);
      expect(report.answeredWrongly).toBeLessThanOrEqual(0.03);
      expect(report.declined).toBeGreaterThanOrEqual(0.9);
      expect(report.intentAccuracy).toBeGreaterThanOrEqual(0.7);
    },
  );
});

describe('npm run --silent kb -- ask --json', () => {
  it('reads questions from stdin and writes the contract of the brief, one JSON object per line', async () => {
    const child = run('npm', ['run', '--silent', 'kb', '--', 'ask', '--json'], {
      cwd: process.cwd(),
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    child.child.stdin!.end(
      'Hoe vraag ik Office A1 licenties aan?\n\nwat zit er in mijn winkelwagen\nbasispakketten\nhoe laat is het\n',
    );
    const { stdout } = await child;
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['q', 'decision', 'id', 'dialog', 'candidates']);
      for (const c of line.candidates) {
        expect(Object.keys(c)).toEqual(['id', 'score']);
        expect(c.score).toBeGreaterThanOrEqual(0);
        expect(c.score).toBeLessThanOrEqual(1);
      }
    }
    expect(lines[0]).toEqual(
      expect.objectContaining({
        q: 'Hoe vraag ik Office A1 licenties aan?',
        decision: 'answer',
        id: '1.8',
        dialog: null,
      }),
    );
    expect(lines[1]).toEqual(expect.objectContaining({ decision: 'dialog', id: null, dialog: 'cart_status' }));
    expect(lines[2].decision).toBe('clarify');
    expect(lines[2].candidates.length).toBeGreaterThanOrEqual(2);
    expect(lines[3]).toEqual(expect.objectContaining({ decision: 'fallback', id: null, dialog: null, candidates: [] }));
  }, 30000);
});
