import { dutchPublicHoliday, ServicedeskHours } from '../../bot/servicedeskHours.js';

describe('ServicedeskHours', () => {
  const office = new ServicedeskHours('ma-vr 08:30-17:00');

  it('reads the hours in Amsterdam time, winter (UTC+1) and summer (UTC+2) alike', () => {
    // Tuesday 10 November 2026: 08:30 in Amsterdam is 07:30 UTC.
    expect(office.isOpen(new Date('2026-11-10T07:29:00Z'))).toBe(false);
    expect(office.isOpen(new Date('2026-11-10T07:30:00Z'))).toBe(true);
    expect(office.isOpen(new Date('2026-11-10T15:59:00Z'))).toBe(true);
    expect(office.isOpen(new Date('2026-11-10T16:00:00Z'))).toBe(false);
    // Tuesday 9 June 2026: 08:30 in Amsterdam is 06:30 UTC.
    expect(office.isOpen(new Date('2026-06-09T06:30:00Z'))).toBe(true);
    expect(office.isOpen(new Date('2026-06-09T15:00:00Z'))).toBe(false);
  });

  it('takes the weekday in Amsterdam: 23:30 UTC on a Sunday is already Monday there', () => {
    const early = new ServicedeskHours('ma-vr 00:00-08:00');
    expect(early.isOpen(new Date('2026-11-08T23:30:00Z'))).toBe(true);
    expect(early.isOpen(new Date('2026-11-13T23:30:00Z'))).toBe(false);
  });

  it('wraps a day range over the weekend ("vr-ma" is Friday, Saturday, Sunday, Monday)', () => {
    const weekend = new ServicedeskHours('vr-ma 10:00-12:00');
    const at = (date: string) => weekend.isOpen(new Date(`${date}T10:00:00Z`));
    // 13-16 November 2026: Friday to Monday; 17-19: Tuesday to Thursday.
    expect(['2026-11-13', '2026-11-14', '2026-11-15', '2026-11-16'].map(at)).toEqual([true, true, true, true]);
    expect(['2026-11-17', '2026-11-18', '2026-11-19'].map(at)).toEqual([false, false, false]);
  });

  it('is closed on Dutch public holidays, unless the hours are "altijd"', () => {
    // Friday 1 January 2027 (Nieuwjaarsdag) and Monday 29 March 2027 (Tweede Paasdag), 10:00 in Amsterdam.
    expect(office.isOpen(new Date('2027-01-01T09:00:00Z'))).toBe(false);
    expect(office.isOpen(new Date('2027-03-29T08:00:00Z'))).toBe(false);
    expect(office.isOpen(new Date('2027-03-30T08:00:00Z'))).toBe(true);
    expect(new ServicedeskHours('altijd').isOpen(new Date('2027-01-01T09:00:00Z'))).toBe(true);
  });

  it('refuses hours it cannot read, naming the expected form', () => {
    expect(() => new ServicedeskHours('werkdagen 9-5')).toThrow(
      'ServicedeskHours: cannot read "werkdagen 9-5"; write it like "ma-vr 08:30-17:00" or "altijd"',
    );
  });
});

describe('dutchPublicHoliday', () => {
  it.each([
    [2026, 4, 5, 'Eerste Paasdag'],
    [2026, 4, 6, 'Tweede Paasdag'],
    [2026, 4, 27, 'Koningsdag'],
    [2026, 5, 14, 'Hemelvaartsdag'],
    [2026, 5, 25, 'Tweede Pinksterdag'],
    [2026, 12, 26, 'Tweede Kerstdag'],
    [2027, 1, 1, 'Nieuwjaarsdag'],
    [2027, 3, 28, 'Eerste Paasdag'],
    [2027, 5, 6, 'Hemelvaartsdag'],
    [2027, 5, 16, 'Eerste Pinksterdag'],
    [2031, 4, 26, 'Koningsdag'], // 27 April 2031 is a Sunday
  ])('%i-%i-%i is %s', (year, month, day, name) => {
    expect(dutchPublicHoliday(year, month, day)).toBe(name);
  });

  it.each([
    [2027, 1, 2],
    [2026, 4, 3], // Goede Vrijdag: not a general day off
    [2026, 5, 5], // Bevrijdingsdag
    [2031, 4, 27],
  ])('%i-%i-%i is a working day', (year, month, day) => {
    expect(dutchPublicHoliday(year, month, day)).toBeUndefined();
  });
});
