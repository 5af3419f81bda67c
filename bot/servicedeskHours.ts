/**
 * Opening hours of the servicedesk, e.g. "ma-vr 08:30-17:00" (Europe/Amsterdam), or "altijd".
 * Parsed once from config; `isOpen` is checked when someone asks for a human.
 */
export class ServicedeskHours {
  private static readonly DAYS = ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'];
  private readonly days = new Set<number>();
  private readonly from: number = 0;
  private readonly to: number = 24 * 60;

  constructor(readonly spec: string) {
    if (spec.trim().toLowerCase() === 'altijd') {
      for (let d = 0; d < 7; d++) this.days.add(d);
      return;
    }
    const m = /^(ma|di|wo|do|vr|za|zo)-(ma|di|wo|do|vr|za|zo)\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/i.exec(spec.trim());
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

  isOpen(at: Date = new Date()): boolean {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
    const get = (type: string) => parts.find((p) => p.type === type)!.value;
    const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
    const minutes = Number(get('hour')) * 60 + Number(get('minute'));
    return this.days.has(day) && minutes >= this.from && minutes < this.to;
  }
}
