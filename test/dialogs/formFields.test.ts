import { futureDate } from '../../dialogs/formFields.js';

describe('futureDate', () => {
  // A Saturday just after New Year: the clock the suite must survive.
  const field = futureDate('date', 'Ingangsdatum', 'Per wanneer?', () => new Date(2027, 0, 2, 10, 30));

  it.each(['per direct', 'Per direct', 'direct', 'vandaag', 'zo snel mogelijk', 'ASAP'])('reads "%s" as per direct, dated today', (text) => {
    expect(field.parse(text)).toEqual({ ok: true, value: 'per direct (02-01-2027)' });
  });

  it.each(['directeur wijzigt', 'niet vandaag maar in maart', 'direct na de vakantie', 'liefst asap of later'])('does not read "%s" as per direct', (text) => {
    expect(field.parse(text)).toEqual({ ok: false, error: expect.stringMatching(/^Typ een datum als dag-maand-jaar/) });
  });

  it('accepts a date up to a year ahead, refuses the past, impossible dates and later dates', () => {
    expect(field.parse('2-1-2027')).toEqual({ ok: true, value: '02-01-2027' });
    expect(field.parse('01/03/2027')).toEqual({ ok: true, value: '01-03-2027' });
    expect(field.parse('2-1-2028')).toEqual({ ok: true, value: '02-01-2028' });
    expect(field.parse('1-1-2027')).toEqual({ ok: false, error: expect.stringMatching(/in het verleden/) });
    expect(field.parse('3-1-2028')).toEqual({ ok: false, error: expect.stringMatching(/meer dan een jaar vooruit/) });
    expect(field.parse('29-02-2027')).toEqual({ ok: false, error: expect.stringMatching(/^Typ een datum/) });
  });
});
