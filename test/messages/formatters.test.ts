import { dutchDate, formatEuro, quoteUserText } from '../../messages/formatters.js';

describe('Dutch formatters', () => {
  it('writes a calendar date as dd-mm-jjjj without shifting its day', () => {
    expect(dutchDate('2025-11-11')).toBe('11-11-2025');
    expect(dutchDate('2027-01-02')).toBe('02-01-2027');
  });

  it('writes a moment as its day in Amsterdam, also around midnight UTC', () => {
    expect(dutchDate('2026-12-31T23:30:00.000Z')).toBe('01-01-2027');
    expect(dutchDate(new Date('2026-06-30T22:30:00Z'))).toBe('01-07-2026');
    expect(dutchDate('2026-11-26T10:00:00.000Z')).toBe('26-11-2026');
  });

  it('writes amounts in euros with Dutch separators', () => {
    expect(formatEuro(1493.4)).toBe('EUR 1.493,40');
    expect(formatEuro(74.67)).toBe('EUR 74,67');
  });

  it('strips Markdown and HTML control characters from user text, and bounds it', () => {
    expect(quoteUserText('<b>vet</b> **x** {{y}}')).toBe('b vet /b x y');
    expect(quoteUserText('a'.repeat(300))).toHaveLength(200);
  });
});
