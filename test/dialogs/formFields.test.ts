import {
  ordinalIn,
  amsterdamToday,
  formatDay,
  goesBack,
  isReaction,
  onlyYesNo,
  parseDate,
  parseEmail,
  parseName,
} from '../../dialogs/formFields.js';
import { FORMS, loadForms } from '../../dialogs/ticketForms.js';

const immediately = (d: string) => `per direct, ${d}`;

describe('dates in natural Dutch, on the Amsterdam calendar', () => {
  const today = amsterdamToday();
  const next = (month: number, day: number) => {
    const thisYear = today.month < month || (today.month === month && today.day <= day);
    return `${day}-${month}-${thisYear ? today.year : today.year + 1}`;
  };
  const value = (text: string) => {
    const parsed = parseDate(text, today, immediately);
    return parsed.ok ? parsed.value : `error:${parsed.error}`;
  };

  it.each([
    ['1 januari', () => next(1, 1)],
    ['per 1 jan', () => next(1, 1)],
    ['1e januari', () => next(1, 1)],
    [`1-1-${String(today.year + 1).slice(2)}`, () => `1-1-${today.year + 1}`],
    [`1/1/${today.year + 1}`, () => `1-1-${today.year + 1}`],
    ['Per direct', () => immediately(formatDay(today))],
    ['zo snel mogelijk', () => immediately(formatDay(today))],
    ['volgende maand', () => (today.month === 12 ? `1-1-${today.year + 1}` : `1-${today.month + 1}-${today.year}`)],
    // The one date in a sentence (user trial: "dat zei ik toch al, 1 januari 2027" was refused again and again).
    [`dat zei ik toch al, 1 januari ${today.year + 1}`, () => `1-1-${today.year + 1}`],
    // (1 January next year: less than a year away under any clock the tests run with.)
    [`graag per 1-1-${today.year + 1} als dat kan`, () => `1-1-${today.year + 1}`],
  ])('"%s"', (text, expected) => {
    expect(value(text)).toBe(expected());
  });

  it.each([
    ['de directeur wijzigt', 'error:date'],
    ['31 februari', 'error:date'],
    [`1-1-${today.year - 1}`, 'error:date_past'],
    [`1-1-${today.year + 2}`, 'error:date_far'],
    // Two dates: which one is meant is not guessed.
    [`van 1 januari ${today.year + 1} naar 1 februari ${today.year + 1}`, 'error:date'],
  ])('refuses "%s"', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it('takes the day in Amsterdam, not in UTC, around midnight', () => {
    expect(amsterdamToday(new Date('2026-11-25T23:30:00Z'))).toEqual({ year: 2026, month: 11, day: 26 });
    expect(amsterdamToday(new Date('2026-06-30T22:30:00Z'))).toEqual({ year: 2026, month: 7, day: 1 });
  });
});

describe('messages that are no answer (dialogs/forms.yaml, not_answers)', () => {
  const words = loadForms().notAnswers;

  it.each(['ja', 'Nee.', 'ok prima', 'Oké!', 'goed', 'ok doe maar'])('"%s" is only yes/no words', (text) => {
    expect(onlyYesNo(text, words)).toBe(true);
  });

  it.each(['ja, 200 A3', 'Jan de Vries', 'goede vraag: waar blijft de factuur'])('"%s" is more', (text) => {
    expect(onlyYesNo(text, words)).toBe(false);
  });

  it.each(['wacht', 'nee wacht, terug', 'ga terug', 'vorige', 'terug naar de vorige vraag', 'oeps, wacht even'])(
    '"%s" goes back',
    (text) => {
      expect(goesBack(text, words)).toBe(true);
    },
  );

  it.each(['ja', 'terug naar 200 A3', 'stuur het geld terug', 'Jan Terug', 'ga'])('"%s" does not go back', (text) => {
    expect(goesBack(text, words)).toBe(false);
  });

  it.each([
    ['ok dan maak ik een nieuwe', true],
    ['Oké dan, doe ik het zelf wel', true],
    ['ok dan, het moeten er 200 zijn', false],
    ['ok dan: waar blijft mijn factuur?', false],
    ['okay we hebben te veel besteld', false],
    ['nou ja, we hebben te veel A3 besteld', false],
  ])('"%s" is a reaction: %s', (text, expected) => {
    expect(isReaction(text, words)).toBe(expected);
  });
});

describe('e-mail addresses', () => {
  it.each([
    ['J.Smit@School.nl', 'j.smit@school.nl'],
    ['het is j.smit@school.nl.', 'j.smit@school.nl'],
    ['mijn collega Jeroen (j.smit@school.nl) neemt het over', 'j.smit@school.nl'],
  ])('"%s" gives %s', (text, value) => {
    expect(parseEmail(text)).toEqual({ ok: true, value });
  });

  it.each(['Bram Jansen', 'a@b', 'jan@school.nl of piet@school.nl'])('"%s" is no (single) address', (text) => {
    expect(parseEmail(text)).toEqual({ ok: false, error: 'email' });
  });
});

describe('names', () => {
  it.each(['Jan de Boer', 'J. de Vries', "Anne-Marie van 't Hof"])('"%s" is a name', (text) => {
    expect(parseName(text).ok).toBe(true);
  });

  it.each(['ik', 'ja', '<b>Jan</b>'])('"%s" is no first and last name', (text) => {
    expect(parseName(text)).toEqual({ ok: false, error: 'name' });
  });

  it('asks a first name alone for the last name', () => {
    expect(parseName('Pieter')).toEqual({ ok: false, error: 'last_name', data: { first: 'Pieter' } });
  });

  it.each(['na de kerstvakantie', 'de nieuwe directeur', 'nog niet bekend', 'volgende maand', 'eind december'])(
    '"%s" holds a word no name has',
    (text) => {
      expect(parseName(text, FORMS.names.notNameWords)).toEqual({ ok: false, error: 'name' });
    },
  );

  it.each(['Jan van der Berg', 'Ben de Vries', "Anne-Marie van 't Hof"])('"%s" keeps its particles', (text) => {
    expect(parseName(text, FORMS.names.notNameWords).ok).toBe(true);
  });
});

describe('a place in a list', () => {
  it.each([
    ['de eerste', 0],
    ['De tweede.', 1],
    ['de laatste order', 2],
    ['die bovenste', 0],
    ['onderste', 2],
  ])('"%s" is option %i of three', (text, at) => {
    expect(ordinalIn(text, 3)).toBe(at);
  });

  it.each(['de vierde', 'de eerste contactpersoon wijzigen', 'ORD-2025-004211'])(
    '"%s" is no place among three',
    (text) => {
      expect(ordinalIn(text, 3)).toBeUndefined();
    },
  );
});
