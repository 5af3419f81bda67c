import type { Logger } from 'pino';
import type { PortalAdapter } from '../adapters/portal/portalAdapter.js';
import type { TemplateRenderer } from '../messages/templateRenderer.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import type { Identity } from '../domain/identity.js';

/** What the account dialogs need, handed in by the composition root. */
export interface AccountDialogDeps {
  portal: PortalAdapter;
  /** Renders dialogs/templates. */
  templates: TemplateRenderer;
  knowledge: KnowledgeBase;
  logger: Logger;
}

/** Options every guided dialog receives when it starts. */
export interface DialogStartOptions {
  identity: Identity;
  /** What the user typed to start the dialog: a form does not ask again what it already says. */
  utterance?: string;
  /** Questions the bot could not answer just before: a servicedesk request carries them. */
  unanswered?: string[];
}
