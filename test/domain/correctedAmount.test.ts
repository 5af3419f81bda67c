import { correctedAmountOf } from '../../domain/correctedAmount.js';
import { normalizeDutch } from '../../knowledge/dutchAnalyzer.js';

describe('how an order should be, from a sentence with the wrong and the right amount', () => {
  it.each([
    ['ik heb 300 ipv 30 A3 besteld, kun je dat rechtzetten?', '30 A3 in plaats van 300'],
    ['240 A3 moet 230 zijn', '230 A3 in plaats van 240'],
    ['we hebben 300 besteld, het moesten er 30 zijn', '30 in plaats van 300'],
    ['er moeten 30 i.p.v. 300 basispakketten in', '30 basispakketten in plaats van 300'],
    ['er staan 230 A3 in ipv 240', '240 A3 in plaats van 230'],
    ['het moet 30 zijn in plaats van 300', '30 in plaats van 300'],
    ['er moeten 230 A3 in ipv 240', '230 A3 in plaats van 240'],
    ['in ORD-2025-004211 hebben we 300 besteld, het moesten er 30 zijn', '30 in plaats van 300'],
  ])('"%s" -> "%s"', (said, expected) => {
    expect(correctedAmountOf(normalizeDutch(said))).toBe(expected);
  });

  it.each(['we hebben er 30 A3 te veel besteld', 'kan ik A1 nemen ipv extra basispakketten?', 'ORD-2025-004211'])(
    '"%s" gives no right amount',
    (said) => {
      expect(correctedAmountOf(normalizeDutch(said))).toBeUndefined();
    },
  );
});
