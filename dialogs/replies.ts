import { ActionTypes, CardFactory, MessageFactory, type Activity, type CardAction, type TurnContext } from 'botbuilder';
import type { TemplateRenderer } from '../bot/templateRenderer.js';

/** Channels that render Adaptive Cards; elsewhere (terminal chat) the card's plain-text fallback is sent. */
const CARD_CHANNELS = new Set(['msteams', 'webchat', 'directline', 'emulator']);

const MAX_BUTTON_TITLE = 60;

/** A button that posts its full text back; long texts (FAQ questions) get a shortened title. */
export function imBack(text: string): CardAction {
  const title = text.length > MAX_BUTTON_TITLE ? `${text.slice(0, MAX_BUTTON_TITLE - 1).trimEnd()}…` : text;
  return { type: ActionTypes.ImBack, title, value: text };
}

/**
 * An Adaptive Card rendered from a Handlebars JSON template (values escaped with `{{json}}`), or its
 * plain-text fallback on channels without cards.
 */
export function cardOrText(context: TurnContext, templates: TemplateRenderer, cardTemplate: string, data: { fallbackText: string; [field: string]: unknown }): Partial<Activity> {
  if (!CARD_CHANNELS.has(context.activity.channelId)) return MessageFactory.text(data.fallbackText);
  const card = JSON.parse(templates.render(cardTemplate, data)) as object;
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

export function withButtons(text: string, buttons: string[]): Partial<Activity> {
  return buttons.length ? MessageFactory.suggestedActions(buttons.map(imBack), text) : MessageFactory.text(text);
}

const YES = new Set(['ja', 'j', 'yes', 'ja graag', 'graag', 'ja, graag', 'jazeker', 'zeker', 'ok', 'oke', 'goed']);
const NO = new Set(['nee', 'n', 'no', 'nee, dank je', 'nee dank je', 'nee bedankt', 'niet nodig', 'liever niet']);

/** "ja" / "nee" in the ways people type it; undefined when it is neither. */
export function parseYesNo(text: string | undefined): boolean | undefined {
  const t = (text ?? '').trim().toLowerCase().replace(/[.!]+$/, '');
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return undefined;
}

/** Adds text below what a message already says (a card keeps its card; plain text gets a blank line). */
export function withText(message: Partial<Activity>, text: string): Partial<Activity> {
  return { ...message, text: message.text ? `${message.text}\n\n${text}` : text };
}

export function withButtonsOn(message: Partial<Activity>, buttons: string[]): Partial<Activity> {
  return { ...message, suggestedActions: { actions: buttons.map(imBack), to: [] } };
}

/** Marks a message as a question the bot waits for (what a prompt would set on its own prompt activity). */
export function asQuestion(message: Partial<Activity>): Partial<Activity> {
  return { ...message, inputHint: 'expectingInput' };
}
