import { parseArgs } from 'node:util';
import { LowdbFeedbackStore } from '../adapters/feedback/lowdbFeedbackStore.js';
import { LowdbHandoffStore } from '../adapters/handoff/lowdbHandoffStore.js';
import { PrivacyService } from '../adapters/privacy/privacyService.js';
import { LowdbStorage } from '../adapters/storage/lowdbStorage.js';
import { LowdbTicketStore } from '../adapters/tickets/lowdbTicketStore.js';
import { LowdbTranscriptStore } from '../adapters/transcripts/lowdbTranscriptStore.js';
import { loadConfig } from './config.js';
import { loadDotEnv } from './dotenv.js';

// `npm run privacy -- export|delete --user <aadObjectId or channel user id>` or `--conversation <id>`, or `purge`
// (apply retention now).
// Run it with the bot stopped: the embedded stores have one writer per process.
const { positionals, values } = parseArgs({ allowPositionals: true, options: { user: { type: 'string' }, conversation: { type: 'string' } } });
loadDotEnv();
const config = loadConfig(process.env);
const state = new LowdbStorage(config.dataDir);
const transcripts = new LowdbTranscriptStore(config.dataDir);
const privacy = new PrivacyService(
  // Transcripts are covered even when TRANSCRIPT_STORE is now `none`: days kept earlier still count.
  { tickets: new LowdbTicketStore(config.dataDir), handoffs: new LowdbHandoffStore(config.dataDir), state, feedback: new LowdbFeedbackStore(config.dataDir), transcripts },
  config.retention,
);
const [command] = positionals;
if ((command === 'export' || command === 'delete') && (values.user || values.conversation)) {
  const subject = { user: values.user, conversation: values.conversation };
  const result = command === 'export' ? await privacy.export(subject) : await privacy.delete(subject);
  console.log(JSON.stringify(result, null, 2));
} else if (command === 'purge') {
  console.log(JSON.stringify(await privacy.purgeExpired()));
} else {
  console.error('Usage: npm run privacy -- export|delete (--user <Entra object id or channel user id> | --conversation <id>) | purge');
  process.exit(2);
}
await state.close();
await transcripts.close();
