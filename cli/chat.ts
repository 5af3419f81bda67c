import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Activity, Attachment } from 'botbuilder';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../bot/app.js';
import { loadConfig } from '../config/config.js';
import { loadDotEnv } from '../config/dotenv.js';
import { TemplateRenderer } from '../messages/templateRenderer.js';
import { TerminalAdapter } from '../bot/terminalAdapter.js';
import { DEMO_IDENTITIES } from '../adapters/portal/demoData.js';
import { LowdbStorage } from '../adapters/storage/lowdbStorage.js';
import { writerLockHolder } from '../adapters/storage/writerLock.js';

// `npm run chat [-- --as anna|bram|carla|<aadObjectId>]`: the same bot, in-process, in the terminal.
const { values } = parseArgs({ options: { as: { type: 'string' } } });
const demo = DEMO_IDENTITIES as Record<string, { name: string; aadObjectId: string }>;
const who = values.as ? (demo[values.as.toLowerCase()] ?? { name: 'Ontwikkelaar', aadObjectId: values.as }) : undefined;

loadDotEnv();
const config = loadConfig(process.env);
// A bot already running on the same data folder (npm start) holds its state: every turn here would fail.
const holder =
  config.stateStore.kind === 'lowdb'
    ? writerLockHolder(LowdbStorage.lockFileIn(path.join(config.dataDir, 'state')))
    : undefined;
if (holder) {
  console.error(
    `npm run chat: ${config.dataDir} is in use by process ${holder} (npm start?). Stop it, or give the chat a folder of its own: DATA_DIR=/tmp/slb-chat npm run chat`,
  );
  process.exit(2);
}
const app = createApp({ ...config, logLevel: process.env.LOG_LEVEL ?? 'silent' });
// The chat's own texts (banner, turn error) live with the bot's templates.
const templates = new TemplateRenderer(
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bot', 'templates'),
);
let lastButtons: string[] = [];

function cardText(attachment: Attachment): string {
  const content = attachment.content as { fallbackText?: string; body?: Array<{ text?: string }> } | undefined;
  return (
    content?.fallbackText ??
    content?.body
      ?.map((b) => b.text)
      .filter(Boolean)
      .join('\n') ??
    `[${attachment.contentType}]`
  );
}

function print(activity: Partial<Activity>): void {
  const parts = [activity.text, ...(activity.attachments ?? []).map(cardText)].filter(Boolean);
  if (parts.length) console.log(`\nbot> ${parts.join('\n\n').replace(/\n/g, '\n     ')}`);
  const buttons = activity.suggestedActions?.actions.map((a) => String(a.value)) ?? [];
  if (buttons.length) {
    lastButtons = buttons;
    buttons.forEach((b, i) => console.log(`     [${i + 1}] ${b}`));
  }
}

const adapter = new TerminalAdapter(print);
adapter.onTurnError = async (context, error) => {
  console.error(`(turn failed: ${error.message})`);
  await context.sendActivity(templates.render('turnError'));
};

// A visitor without --as is a new one each run, as a new browser is in Web Chat: their tickets are not the last run's.
const user = {
  id: `terminal-${values.as ?? `visitor-${randomUUID()}`}`,
  name: who?.name ?? 'Bezoeker',
  aadObjectId: who?.aadObjectId,
};
const base = {
  channelId: 'terminal',
  serviceUrl: 'terminal://local',
  conversation: { id: `terminal-${randomUUID()}` } as Activity['conversation'],
  from: user,
  recipient: { id: 'bot', name: 'SLB assistent' },
  locale: 'nl-NL',
};
const send = (activity: Partial<Activity>) =>
  adapter.processActivity({ id: randomUUID(), timestamp: new Date(), ...base, ...activity }, (ctx) => app.bot.run(ctx));

console.log(templates.render('chatBanner', { who }));
await send({ type: 'conversationUpdate', membersAdded: [user] });
const rl = createInterface({
  input: process.stdin,
  output: process.stdout,
  terminal: process.stdin.isTTY,
  prompt: '\njij> ',
});
if (process.stdin.isTTY) rl.prompt();
for await (const line of rl) {
  const typed = line.trim();
  if (typed) {
    const choice = /^\d+$/.test(typed) ? lastButtons[Number(typed) - 1] : undefined;
    if (!process.stdin.isTTY) console.log(`\njij> ${choice ?? typed}`);
    await send({ type: 'message', text: choice ?? typed });
  }
  if (process.stdin.isTTY) rl.prompt();
}
process.exit(0);
