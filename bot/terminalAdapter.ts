import { randomUUID } from 'node:crypto';
import type { Activity, TurnContext } from 'botbuilder';
import { InProcessAdapter } from './inProcessAdapter.js';

/** Runs turns in-process for `npm run chat`: no HTTP, no channel. Messages go to `print`. */
export class TerminalAdapter extends InProcessAdapter {
  constructor(private readonly print: (activity: Partial<Activity>) => void) {
    super('TerminalAdapter');
  }

  protected deliver(_context: TurnContext, activity: Partial<Activity>): string {
    if (activity.type === 'message') this.print(activity);
    return randomUUID();
  }
}
