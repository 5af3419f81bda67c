import { parseArgs } from 'node:util';
import { LowdbFeedbackStore } from '../adapters/feedback/lowdbFeedbackStore.js';
import { LowdbHandoffStore } from '../adapters/handoff/lowdbHandoffStore.js';
import { PrivacyService } from '../adapters/privacy/privacyService.js';
import { LowdbStorage } from '../adapters/storage/lowdbStorage.js';
import { LowdbTicketStore } from '../adapters/tickets/lowdbTicketStore.js';
import { loadConfig } from './config.js';
import { loadDotEnv } from './dotenv.js';

// `npm run privacy -- export|delete --user <aadObjectId or channel user id>`, or `purge` (apply retention now).
// Run it with the bot stopped: the embedded stores have one writer per process.
const { positionals, values } = parseArgs({ allowPositionals: true, options: { user: { type: 'string' } } });
loadDotEnv();
const config = loadConfig(process.env);
const privacy = new PrivacyService(
  {
    tickets: new LowdbTicketStore(config.dataDir),
    handoffs: new LowdbHandoffStore(config.dataDir),
    state: new LowdbStorage(config.dataDir),
    feedback: new LowdbFeedbackStore(config.dataDir),
  },
  config.retention,
);
const [command] = positionals;
if ((command === 'export' || command === 'delete') && values.user) {
  const result = command === 'export' ? await privacy.export(values.user) : await privacy.delete(values.user);
  console.log(JSON.stringify(result, null, 2));
} else if (command === 'purge') {
  console.log(JSON.stringify(await privacy.purgeExpired()));
} else {
  console.error('Usage: npm run privacy -- export --user <id> | delete --user <id> | purge');
  process.exit(2);
}
