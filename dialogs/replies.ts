import { ActionTypes, CardFactory, MessageFactory, type Activity, type CardAction, type TurnContext } from 'botbuilder';
import type { TemplateRenderer } from '../messages/templateRenderer.js';

/** Channels that render Adaptive Cards; elsewhere (terminal chat) the card's plain-text fallback is sent. */
const CARD_CHANNELS = new Set(['msteams', 'webchat', 'directline', 'emulator']);

/**
 * A button that posts its text back. The title is the full text (FAQ questions too): Web Chat wraps long labels,
 * and a cut question would leave people (and screen readers) guessing what they click.
 */
export function imBack(text: string): CardAction {
  return { type: ActionTypes.ImBack, title: text, value: text };
}

/**
 * An Adaptive Card rendered from a Handlebars JSON template (values escaped with `{{json}}`), with `text` above
 * it and `question` as the card's last line (templates show `question` when given); on channels without cards,
 * one plain text: the card's fallback, then `text`, then `question`.
 */
export function cardOrText(
  context: TurnContext,
  templates: TemplateRenderer,
  cardTemplate: string,
  data: { fallbackText: string; [field: string]: unknown },
  { text, question }: { text?: string; question?: string } = {},
): Partial<Activity> {
  const fallbackText = [data.fallbackText, text, question].filter(Boolean).join('\n\n');
  if (!CARD_CHANNELS.has(context.activity.channelId)) return MessageFactory.text(fallbackText);
  const card = JSON.parse(templates.render(cardTemplate, { ...data, fallbackText, question })) as object;
  return MessageFactory.attachment(CardFactory.adaptiveCard(card), text);
}

export function withButtons(text: string, buttons: string[]): Partial<Activity> {
  return buttons.length ? MessageFactory.suggestedActions(buttons.map(imBack), text) : MessageFactory.text(text);
}

export function withButtonsOn(message: Partial<Activity>, buttons: string[]): Partial<Activity> {
  return { ...message, suggestedActions: { actions: buttons.map(imBack), to: [] } };
}

/** Marks a message as a question the bot waits for (what a prompt would set on its own prompt activity). */
export function asQuestion(message: Partial<Activity>): Partial<Activity> {
  return { ...message, inputHint: 'expectingInput' };
}
