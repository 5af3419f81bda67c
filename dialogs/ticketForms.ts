import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Contact, Order, School } from '../adapters/portal/portalAdapter.js';
import type { TicketKind } from '../adapters/tickets/ticketStore.js';
import { compileTemplate } from '../messages/templateRenderer.js';
import isoStopwords from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };
import { foldWords, type ChoiceOption, type NotAnswerWords } from './formFields.js';

/** What a form knows about the user when it starts. */
export interface FormAccount {
  contact?: Contact;
  school?: School;
  orders?: Order[];
}

export type Text = (data?: object) => string;

export type FieldType = 'text' | 'name' | 'email' | 'choice' | 'order' | 'number' | 'date';

export interface FormFieldDef {
  key: string;
  type: FieldType;
  /** Label in the ticket and the summary (Dutch, for the servicedesk). */
  label: string;
  prompt: Text;
  options: ChoiceOption[];
  /** A message that reads as a question is answered on the side (false: a question is this field's answer). */
  sideQuestions: boolean;
  /** Asked only when the user is not signed in (e.g. an e-mail address for the answer). */
  anonymousOnly: boolean;
  /** A number that must be lower than the school's basispakketten; below the minimum is explained. */
  reduction: boolean;
  /** A text field the starting sentence answers when it gives figures ("ik heb 300 ipv 30 besteld"). */
  fromUtterance: boolean;
  /**
   * A text field answered by any text of the form that gives the wrong and the right amount together ("er moeten
   * 230 A3 in ipv 240"): that sentence says how it should be too, so it is not asked again.
   */
  fromCorrectedAmount: boolean;
}

/** One servicedesk request the bot collects: which questions, in what order, and the texts around them. */
export interface TicketForm {
  dialog: TicketKind;
  kind: TicketKind;
  title: string;
  faq?: string;
  /** `account`: a verified identity the portal knows; `any`: also anonymous visitors (unverified ticket). */
  audience: 'account' | 'any';
  needsOrders: boolean;
  intro: Text;
  /** For the 1e contactpersoon instead of the form, when the request is not needed for them (claiming). */
  firstContactIntro?: Text;
  noOrders?: Text;
  fields: FormFieldDef[];
  filed: Text;
}

const ERROR_KEYS = [
  'not_an_answer',
  'dont_know',
  'empty',
  'too_short',
  'too_long',
  'name',
  'last_name',
  'email',
  'choice',
  'number',
  'not_a_reduction',
  'date',
  'date_past',
  'date_far',
] as const;
const MESSAGE_KEYS = [
  'carried',
  'already',
  'confirm',
  'confirm_retry',
  'choose_edit',
  'choose_edit_retry',
  'not_filed',
  'below_minimum',
  'below_minimum_note',
  'immediately_value',
  'back',
  'back_first',
  'back_summary',
] as const;

export interface FormCatalogue {
  forms: TicketForm[];
  /** Other words for a field of each type, when the user picks one to change ("naam", "mail", "datum"). */
  fieldWords: Partial<Record<FieldType, string[]>>;
  /** Words that are never a field's answer: yes/no words, going back a question, reactions to the bot. */
  notAnswers: NotAnswerWords;
  /** Folded words no name holds, and what stands for the user themself at a name question ("ik zelf", "mezelf"). */
  names: { notNameWords: ReadonlySet<string>; self: string[] };
  messages: Record<(typeof MESSAGE_KEYS)[number], Text>;
  errors: Record<(typeof ERROR_KEYS)[number], Text>;
}

const FIELD_TYPES = [
  'text',
  'name',
  'email',
  'choice',
  'order',
  'number',
  'date',
] as const satisfies readonly FieldType[];
const text = z.string().trim().min(1, 'must not be empty');
const template = text.transform((source, ctx) => {
  try {
    return compileTemplate(source);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a valid template: ${(err as Error).message.split('\n')[0]}` });
    return z.NEVER;
  }
});
const fieldSchema = z
  .strictObject({
    key: z.string().regex(/^[a-z_]+$/, 'key must be lower case letters and _'),
    type: z.enum(FIELD_TYPES),
    label: text,
    prompt: template,
    options: z.array(z.strictObject({ label: text, also: z.array(text).default([]) })).optional(),
    side_questions: z.boolean().default(true),
    anonymous_only: z.boolean().default(false),
    reduction: z.boolean().default(false),
    from_utterance: z.boolean().default(false),
    from_corrected_amount: z.boolean().default(false),
  })
  .refine(
    (f) => (f.type === 'choice') === Boolean(f.options?.length),
    'a choice field needs options, and only a choice field has them',
  )
  .refine((f) => !f.from_utterance || f.type === 'text', 'only a text field takes the starting sentence')
  .refine((f) => !f.from_corrected_amount || f.type === 'text', 'only a text field takes a corrected amount');
const formSchema = z.strictObject({
  title: text,
  faq: z
    .string()
    .regex(/^\d+\.\d+$/)
    .optional(),
  audience: z.enum(['account', 'any']),
  needs_orders: z.boolean().default(false),
  intro: template,
  first_contact_intro: template.optional(),
  no_orders: template.optional(),
  fields: z.array(fieldSchema).min(1),
  filed: template,
});
const TICKET_KINDS = [
  'order_correction',
  'contact_change',
  'basispakket_reduction',
  'claim_request',
  'general_request',
] as const satisfies readonly TicketKind[];
const fileSchema = z.strictObject({
  field_words: z.partialRecord(z.enum(FIELD_TYPES), z.array(text)).default({}),
  not_answers: z.strictObject({
    yes_no: z.array(text).min(1),
    back: z.array(text).min(1),
    back_words: z.array(text).default([]),
    reactions: z.array(text).default([]),
    dont_know: z.array(text).default([]),
  }),
  names: z.strictObject({
    name_words: z.array(text).default([]),
    not_name_words: z.array(text).default([]),
    self: z.array(text).default([]),
  }),
  forms: z.strictObject(
    Object.fromEntries(TICKET_KINDS.map((k) => [k, formSchema])) as Record<TicketKind, typeof formSchema>,
  ),
  messages: z.strictObject({
    ...(Object.fromEntries(MESSAGE_KEYS.map((k) => [k, template])) as Record<
      (typeof MESSAGE_KEYS)[number],
      typeof template
    >),
    errors: z.strictObject(
      Object.fromEntries(ERROR_KEYS.map((k) => [k, template])) as Record<(typeof ERROR_KEYS)[number], typeof template>,
    ),
  }),
});

export const FORMS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'forms.yaml');

/** Reads and checks dialogs/forms.yaml; a problem names the file and line, like the knowledge files. */
export function loadForms(file: string = FORMS_FILE): FormCatalogue {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false });
  if (doc.errors[0])
    throw new Error(
      `forms: ${file}:${lines.linePos(doc.errors[0].pos[0]).line}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`,
    );
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    let line = 1;
    for (let depth = issue.path.length; depth >= 0; depth--) {
      const node = doc.getIn(issue.path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) {
        line = lines.linePos(node.range[0]).line;
        break;
      }
    }
    throw new Error(`forms: ${file}:${line}: ${issue.message} (at ${issue.path.join('.')})`);
  }
  const { forms, messages, field_words: fieldWords, not_answers: notAnswers, names } = parsed.data;
  // Dutch function words are no names, except those surnames and first names hold (`name_words`: "de", "van", "Ben").
  const nameWords = new Set(names.name_words.flatMap(foldWords));
  const notNameWords = new Set(
    [...isoStopwords.nl, ...names.not_name_words].flatMap(foldWords).filter((w) => !nameWords.has(w)),
  );
  const { errors, ...rest } = messages;
  return {
    forms: TICKET_KINDS.map((kind) => {
      const f = forms[kind];
      const keys = f.fields.map((x) => x.key);
      const twice = keys.find((k, i) => keys.indexOf(k) !== i);
      if (twice) throw new Error(`forms: ${file}: form ${kind} has the field "${twice}" twice`);
      return {
        dialog: kind,
        kind,
        title: f.title,
        faq: f.faq,
        audience: f.audience,
        needsOrders: f.needs_orders,
        intro: f.intro,
        firstContactIntro: f.first_contact_intro,
        noOrders: f.no_orders,
        filed: f.filed,
        fields: f.fields.map((x) => ({
          key: x.key,
          type: x.type,
          label: x.label,
          prompt: x.prompt,
          options: x.options ?? [],
          sideQuestions: x.side_questions,
          anonymousOnly: x.anonymous_only,
          reduction: x.reduction,
          fromUtterance: x.from_utterance,
          fromCorrectedAmount: x.from_corrected_amount,
        })),
      };
    }),
    fieldWords,
    notAnswers: {
      yesNo: notAnswers.yes_no,
      back: notAnswers.back,
      backWords: notAnswers.back_words,
      reactions: notAnswers.reactions,
      dontKnow: notAnswers.dont_know,
    },
    names: { notNameWords, self: names.self },
    messages: rest,
    errors,
  };
}

export const FORMS: FormCatalogue = loadForms();
export const TICKET_FORMS: TicketForm[] = FORMS.forms;
