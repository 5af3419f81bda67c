import { randomUUID } from 'node:crypto';
import { PERSONAS, type PersonaName } from './personas.js';
import type { CollectedActivity } from './replyCollector.js';
import type { TestApp } from './testApp.js';

export interface ChatOptions {
  /** A demo persona talking from Teams; omit for an anonymous website visitor. */
  as?: PersonaName;
  channelId?: string;
}

/**
 * One conversation with the bot over the real HTTP path: each user message is POSTed to /api/messages
 * as a Bot Framework activity, and the bot's replies are read back from the local connector service.
 * The only file that knows how a test talks to the bot, so an SDK migration changes only this file.
 */
export class Chat {
  readonly conversationId = `conv-${randomUUID()}`;
  private readonly user: { id: string; name: string; aadObjectId?: string };
  private readonly channelId: string;

  constructor(
    private readonly testApp: Pick<TestApp, 'url' | 'collector'>,
    options: ChatOptions = {},
  ) {
    const persona = options.as ? PERSONAS[options.as] : undefined;
    this.user = persona
      ? { id: `29:${options.as}`, name: persona.name, aadObjectId: persona.aadObjectId }
      : { id: `visitor-${randomUUID()}`, name: 'Bezoeker' };
    this.channelId = options.channelId ?? (persona ? 'msteams' : 'webchat');
  }

  activity(fields: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      channelId: this.channelId,
      serviceUrl: this.testApp.collector.url,
      conversation: { id: this.conversationId, conversationType: 'personal' },
      from: this.user,
      recipient: { id: 'bot', name: 'SLB assistent' },
      timestamp: new Date().toISOString(),
      locale: 'nl-NL',
      ...fields,
    };
  }

  /** Posts a raw activity and returns the HTTP status and the replies it produced. */
  async post(activity: Record<string, unknown>): Promise<{ status: number; replies: CollectedActivity[] }> {
    const res = await fetch(`${this.testApp.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    await res.text();
    return { status: res.status, replies: this.testApp.collector.take(this.conversationId) };
  }

  /** The user says something; resolves with the bot's replies to it. */
  async say(text: string): Promise<CollectedActivity[]> {
    const { status, replies } = await this.post(this.activity({ type: 'message', text }));
    if (status >= 300) throw new Error(`/api/messages answered ${status} to "${text}"`);
    return replies;
  }

  /** The user says something; resolves with all reply texts joined, for transcript assertions. */
  async ask(text: string): Promise<string> {
    return texts(await this.say(text));
  }

  /**
   * The user clicks an imBack button (suggested action): Web Chat then posts the button's value as the message text,
   * as plain text with its own channelData, exactly as if typed. Resolves with the bot's replies.
   */
  async click(value: string): Promise<CollectedActivity[]> {
    const { status, replies } = await this.post(
      this.activity({
        type: 'message',
        text: value,
        textFormat: 'plain',
        attachments: [],
        channelData: { attachmentSizes: [], clientActivityID: randomUUID() },
      }),
    );
    if (status >= 300) throw new Error(`/api/messages answered ${status} to a click on "${value}"`);
    return replies;
  }

  async join(): Promise<CollectedActivity[]> {
    const { replies } = await this.post(
      this.activity({ type: 'conversationUpdate', membersAdded: [this.user], text: undefined }),
    );
    return replies;
  }
}

/** What the user reads: message texts and, for cards, their plain-text fallback. */
export function texts(replies: CollectedActivity[]): string {
  return replies
    .flatMap((r) => [
      r.text ?? '',
      ...(r.attachments ?? []).map((a) => (a.content as { fallbackText?: string })?.fallbackText ?? ''),
    ])
    .filter(Boolean)
    .join('\n');
}

/** The Adaptive Cards among the replies. */
export function cards(replies: CollectedActivity[]): Array<Record<string, unknown>> {
  return replies.flatMap((r) =>
    (r.attachments ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((a) => a.content as Record<string, unknown>),
  );
}

export function buttons(replies: CollectedActivity[]): string[] {
  return replies.flatMap((r) => r.suggestedActions?.actions.map((a) => a.value) ?? []);
}

export type Turn = { user: string; bot: RegExp | string; buttons?: Array<RegExp | string> };

/** Plays a table of turns; each bot reply must match (a string must be contained, a RegExp must match). */
export async function playTranscript(chat: Chat, turns: Turn[]): Promise<void> {
  for (const turn of turns) {
    const replies = await chat.say(turn.user);
    const text = texts(replies);
    const ok = typeof turn.bot === 'string' ? text.includes(turn.bot) : turn.bot.test(text);
    if (!ok) throw new Error(`After the user said "${turn.user}", the bot said:\n${text}\n\nexpected: ${turn.bot}`);
    for (const expected of turn.buttons ?? []) {
      const found = buttons(replies).some((b) => (typeof expected === 'string' ? b === expected : expected.test(b)));
      if (!found) throw new Error(`After "${turn.user}", no button ${expected} among: ${buttons(replies).join(' | ')}`);
    }
  }
}
