import { PortalError } from '../adapters/portal/portalAdapter.js';
import type { TurnContext } from 'botbuilder';
import { lookUpAccount, type AccountLookup } from './accountLookup.js';
import type { AccountDialogDeps, DialogStartOptions } from './accountDialogDeps.js';
import { BUTTONS } from '../messages/buttons.js';
import { withButtons } from './replies.js';

const SERVICEDESK = BUTTONS.servicedesk;

/** Tells the user, kindly, why their account data cannot be shown. */
export async function explainLookupFailure(
  context: TurnContext,
  deps: AccountDialogDeps,
  lookup: Exclude<AccountLookup, { kind: 'ok' }>,
): Promise<void> {
  if (lookup.kind === 'anonymous') {
    // Not a dead end: anyone may leave a request (filed as unverified, answered by e-mail).
    await context.sendActivity(
      withButtons(deps.templates.render('anonymous', { servicedesk: SERVICEDESK }), [SERVICEDESK]),
    );
  } else if (lookup.kind === 'unknown') {
    await context.sendActivity(withButtons(deps.templates.render('unknownContact'), [SERVICEDESK]));
  } else {
    await explainPortalError(context, deps, lookup.error);
  }
}

/**
 * A customer number: six digits standing alone ("klantnummer 100002"), not the last part of an order number or a
 * ticket reference (ORD-2025-008765, SD-2026-000042).
 */
const CUSTOMER_NUMBER = /(?<![\d-])\d{6}(?![\d-])/g;

/**
 * The verified user's contact and school, or undefined after telling them kindly why not. A message that names
 * another customer number ("wat staat er in de winkelwagen van 100002?") is told first that only the user's own
 * school is shown (the identity comes from the channel, never from what is typed).
 */
export async function accountOrExplain(
  context: TurnContext,
  deps: AccountDialogDeps,
  { identity, utterance }: DialogStartOptions,
): Promise<Extract<AccountLookup, { kind: 'ok' }> | undefined> {
  const lookup = await lookUpAccount(identity, deps.portal);
  if (lookup.kind !== 'ok') {
    await explainLookupFailure(context, deps, lookup);
    return undefined;
  }
  const named = utterance?.match(CUSTOMER_NUMBER) ?? [];
  if (named.some((n) => n !== lookup.school.customerNumber))
    await context.sendActivity(
      deps.templates.render('ownSchoolOnly', {
        school: lookup.school.name,
        customerNumber: lookup.school.customerNumber,
      }),
    );
  return lookup;
}

export async function explainPortalError(
  context: TurnContext,
  deps: AccountDialogDeps,
  error: PortalError,
): Promise<void> {
  deps.logger.warn(
    { err: error, kind: error.kind, conversationId: context.activity.conversation.id },
    'portal call failed',
  );
  await context.sendActivity(
    withButtons(deps.templates.render('portalDown', { timeout: error.kind === 'timeout' }), [SERVICEDESK]),
  );
}

export { PortalError };
