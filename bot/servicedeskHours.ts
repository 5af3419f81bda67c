/**
 * Opening hours of the servicedesk, e.g. "ma-vr 08:30-17:00" (Europe/Amsterdam), or "altijd".
 * Parsed once from config; `isOpen` is checked when someone asks for a human. A day range may wrap ("vr-ma").
 * Closed on the Dutch national holidays (see {@link dutchPublicHoliday}) unless the hours are "altijd".
 */
export class ServicedeskHours {
  private static readonly DAYS = ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'];
  /** Built once: constructing an Intl.DateTimeFormat costs more than the rest of a turn's routing. */
  private static readonly AMSTERDAM = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    weekday: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  private readonly days = new Set<number>();
  private readonly from: number = 0;
  private readonly to: number = 24 * 60;
  private readonly always: boolean = false;

  constructor(readonly spec: string) {
    if (spec.trim().toLowerCase() === 'altijd') {
      for (let d = 0; d < 7; d++) this.days.add(d);
      this.always = true;
      return;
    }
    const m = /^(ma|di|wo|do|vr|za|zo)-(ma|di|wo|do|vr|za|zo)\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/i.exec(
      spec.trim(),
    );
    if (!m) throw new Error(`ServicedeskHours: cannot read "${spec}"; write it like "ma-vr 08:30-17:00" or "altijd"`);
    const start = ServicedeskHours.DAYS.indexOf(m[1].toLowerCase());
    const end = ServicedeskHours.DAYS.indexOf(m[2].toLowerCase());
    for (let d = start; ; d = (d + 1) % 7) {
      this.days.add(d);
      if (d === end) break;
    }
    this.from = Number(m[3]) * 60 + Number(m[4]);
    this.to = Number(m[5]) * 60 + Number(m[6]);
  }

  /** The last answer and its minute: asked on every small-talk reply, and it only changes on a minute boundary. */
  private last: { minute: number; open: boolean } | undefined;

  isOpen(at: Date = new Date()): boolean {
    if (this.always) return true;
    // Europe/Amsterdam is a whole number of hours from UTC, so its minutes start with UTC's.
    const minute = Math.floor(at.getTime() / 60_000);
    if (this.last?.minute !== minute) this.last = { minute, open: this.openAt(at) };
    return this.last.open;
  }

  private openAt(at: Date): boolean {
    const parts = ServicedeskHours.AMSTERDAM.formatToParts(at);
    const get = (type: string) => parts.find((p) => p.type === type)!.value;
    const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
    const minutes = Number(get('hour')) * 60 + Number(get('minute'));
    if (dutchPublicHoliday(Number(get('year')), Number(get('month')), Number(get('day')))) return false;
    return this.days.has(day) && minutes >= this.from && minutes < this.to;
  }
}

/**
 * The Dutch national holidays on which offices close (Algemene termijnenwet): Nieuwjaarsdag, Pasen,
 * Koningsdag (27 April, the 26th when the 27th is a Sunday), Hemelvaartsdag, Pinksteren, Kerstmis.
 * Goede Vrijdag and Bevrijdingsdag are not general days off and are left out. Returns the name, or undefined.
 */
export function dutchPublicHoliday(year: number, month: number, day: number): string | undefined {
  const key = (m: number, d: number) => m * 100 + d;
  const easter = easterSunday(year);
  const fromEaster = (days: number) => {
    const d = new Date(Date.UTC(year, easter.month - 1, easter.day + days));
    return key(d.getUTCMonth() + 1, d.getUTCDate());
  };
  const kingsDay = new Date(Date.UTC(year, 3, 27)).getUTCDay() === 0 ? 26 : 27;
  const holidays = new Map<number, string>([
    [key(1, 1), 'Nieuwjaarsdag'],
    [fromEaster(0), 'Eerste Paasdag'],
    [fromEaster(1), 'Tweede Paasdag'],
    [key(4, kingsDay), 'Koningsdag'],
    [fromEaster(39), 'Hemelvaartsdag'],
    [fromEaster(49), 'Eerste Pinksterdag'],
    [fromEaster(50), 'Tweede Pinksterdag'],
    [key(12, 25), 'Eerste Kerstdag'],
    [key(12, 26), 'Tweede Kerstdag'],
  ]);
  return holidays.get(key(month, day));
}

/** Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}
