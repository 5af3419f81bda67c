import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { loadKnowledge } from '../../knowledge/knowledgeLoader.js';
import { loadSmallTalk, SmallTalkRecogniser } from '../../knowledge/smallTalk.js';

const recogniser = new SmallTalkRecogniser(loadSmallTalk());

describe('small talk', () => {
  it.each([
    ['hoi', 'greeting'],
    ['Goedemorgen!', 'greeting'],
    ['hallo, ik heb een vraag', 'greeting'],
    ['top', 'acknowledgement'],
    ['oh ok', 'acknowledgement'],
    ['top, bedankt', 'thanks'],
    ['thx', 'thanks'],
    ['ok tnx', 'thanks'],
    ['bedankt voor je hulp', 'thanks'],
    ['dank u wel voor de hulp', 'thanks'],
    ['ok dank je wel voor je hulp', 'thanks'],
    ['Dank u wel voor uw hulp.', 'thanks'],
    ['bednakt!!', 'thanks'],
    ['super, heel erg bedankt', 'thanks'],
    ['doei', 'goodbye'],
    ['doeiii', 'goodbye'],
    ['tot ziens', 'goodbye'],
    ['totziens', 'goodbye'],
    ['ok bedankt, fijne avond!', 'goodbye'],
    ['laat maar', 'never_mind'],
    ['nee laat maar', 'never_mind'],
    ['toch niet', 'never_mind'],
    ['wanneer zijn jullie open?', 'hours'],
    ['Tot hoe laat is de servicedesk bereikbaar?', 'hours'],
    ['hoi, wat zijn jullie openingstijden?', 'hours'],
    ['ben jij een robot?', 'about_bot'],
    ['hoe log ik in dan?', 'sign_in'],
    ['Hi, do you speak English?', 'language'],
    ['Helemaal goed, daar kan ik wat mee.', 'acknowledgement'],
    ['oeps, per ongeluk verstuurd', 'never_mind'],
    ['wie heeft deze bot gemaakt?', 'about_bot'],
    ['👍', 'acknowledgement'],
    ['👍🏽 ', 'acknowledgement'],
    ['🙏', 'thanks'],
  ])('"%s" is %s', (text, kind) => {
    expect(recogniser.recognise(text)).toBe(kind);
  });

  it.each([
    'hoi, waarom staan de basispakketten niet in de winkelwagen?',
    'bedankt, en hoe lang duurt de levering?',
    'dag, kan ik de winkelwagen claimen?',
    'wat kost een basispakket?',
    'open de winkelwagen',
    'sorry, ik snap het niet',
    '👍 en hoe zit het met de factuur?',
    'ja',
    '',
  ])('"%s" is not small talk', (text) => {
    expect(recogniser.recognise(text)).toBeUndefined();
  });

  it('the knowledge base decides small talk as a fallback without an id, naming the kind', () => {
    const kb = new KnowledgeBase(loadKnowledge());
    expect(kb.ask('ok tnx')).toEqual({
      q: 'ok tnx',
      decision: 'fallback',
      id: null,
      dialog: null,
      candidates: [],
      smalltalk: 'thanks',
    });
    expect(kb.ask('hoi, waarom staan de basispakketten niet in de winkelwagen?')).toEqual(
      expect.objectContaining({ decision: 'answer', id: '1.5' }),
    );
    expect(kb.ask('hoi, waarom staan de basispakketten niet in de winkelwagen?')).not.toHaveProperty('smalltalk');
    // The greeting that opens a question is not searched for.
    expect(kb.ask('goedemorgen! wat staat er in onze winkelwagen')).toEqual(
      expect.objectContaining({
        q: 'goedemorgen! wat staat er in onze winkelwagen',
        decision: 'dialog',
        dialog: 'cart_status',
      }),
    );
    expect(kb.ask('goedemiddag, ik heb een vraag over de factuur')).toEqual(
      expect.objectContaining({ decision: 'answer', id: '3.1' }),
    );
    // Nor a polite opening ("weet jij" alone made it FAQ 2.1).
    expect(kb.ask('Kunt u mij ook vertellen hoe ik A1 licenties aanvraag')).toEqual(
      expect.objectContaining({ decision: 'answer', id: '1.8' }),
    );
    expect(kb.ask('weet jij hoe ik A1 licenties aanvraag?')).toEqual(
      expect.objectContaining({ decision: 'answer', id: '1.8' }),
    );
  });

  it('kb ask --json keeps the contract and adds the kind', async () => {
    const child = promisify(execFile)('npm', ['run', '--silent', 'kb', '--', 'ask', '--json']);
    child.child.stdin!.end('tot ziens\nwanneer zijn jullie open?\n');
    const lines = (await child).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { q: 'tot ziens', decision: 'fallback', id: null, dialog: null, candidates: [], smalltalk: 'goodbye' },
      {
        q: 'wanneer zijn jullie open?',
        decision: 'fallback',
        id: null,
        dialog: null,
        candidates: [],
        smalltalk: 'hours',
      },
    ]);
  }, 30_000);
});
