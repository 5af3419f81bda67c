import { readFollowUp, resolveFollowUp } from '../../dialogs/followUps.js';

describe('elliptical follow-ups', () => {
  it.each([
    ['en wat kost dat?', { kind: 'price' }],
    ['En wat kost dat dan?', { kind: 'price' }],
    ['en hoe lang duurt dat?', { kind: 'duration' }],
    ['wie mag dat dan wel', { kind: 'who' }],
    ['en voor bram?', { kind: 'person', name: 'bram' }],
    ['en Carla Bakker?', { kind: 'person', name: 'carla bakker' }],
  ])('"%s" leans on the previous turn', (text, expected) => {
    expect(readFollowUp(text)).toEqual(expected);
  });

  it.each([
    'wat kost een basispakket?',
    'wat kost dat basispakket nu eigenlijk',
    'hoe lang duurt de levering?',
    'en de beamer in lokaal 12?',
    'Waarom zie ik mijn basispakketten niet in de winkelwagen?',
    'en dan?',
  ])('"%s" is a question of its own', (text) => {
    expect(readFollowUp(text)).toBeUndefined();
  });

  it('resolves with the topic, and not without one', () => {
    expect(resolveFollowUp({ kind: 'price' }, '1.7')).toEqual({ entry: '3.3' });
    expect(resolveFollowUp({ kind: 'price' }, '1.8')).toEqual({ text: 'a1Price' });
    expect(resolveFollowUp({ kind: 'duration' }, '1.8')).toEqual({ text: 'a1Duration' });
    expect(resolveFollowUp({ kind: 'duration' }, 'order_status')).toEqual({ entry: '2.2' });
    expect(resolveFollowUp({ kind: 'person', name: 'bram' }, '1.6')).toEqual({ person: 'bram' });
    expect(resolveFollowUp({ kind: 'person', name: 'bram' }, '1.8')).toBeUndefined();
    expect(resolveFollowUp({ kind: 'price' }, undefined)).toBeUndefined();
  });
});
