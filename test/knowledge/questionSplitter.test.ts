import { splitQuestions } from '../../knowledge/questionSplitter.js';

describe('splitQuestions', () => {
  it.each([
    [
      'wat kost een basispakket en wanneer worden de licenties geleverd',
      ['wat kost een basispakket', 'wanneer worden de licenties geleverd'],
    ],
    [
      'Waarom heb ik al een factuur gekregen? En kloppen de aantallen met de kerncijfers?',
      ['Waarom heb ik al een factuur gekregen', 'En kloppen de aantallen met de kerncijfers?'],
    ],
  ])('splits "%s" into its questions', (text, parts) => {
    expect(splitQuestions(text)).toEqual(parts);
  });

  it.each([
    'hoe en wanneer krijg ik de licenties?',
    'Ik heb 30 te veel besteld en wil dat corrigeren',
    'kan ik claimen of moet Anna dat doen?',
    'Ik ben 1e contactpersoon. Kan ik meerdere winkelwagens tegelijk claimen?',
  ])('keeps "%s" as one question', (text) => {
    expect(splitQuestions(text)).toEqual([text]);
  });
});
