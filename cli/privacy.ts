import { parseArgs } from 'node:util';
import { createStores } from '../bot/stores.js';
import { loadConfig } from '../config/config.js';
import { loadDotEnv } from '../config/dotenv.js';

// `npm run privacy -- export|delete --user <aadObjectId or channel user id>`, or `purge` (apply retention now).
// Run it with the bot stopped: the embedded stores have one writer per process.
const { positionals, values } = parseArgs({ allowPositionals: true, options: { user: { type: 'string' } } });
loadDotEnv();
// The embedded stores of DATA_DIR, whatever the bot runs on now: transcripts are covered even when
// TRANSCRIPT_STORE is now `none`, since days kept earlier still count.
const stores = createStores({ ...loadConfig(process.env), stateStore: { kind: 'lowdb' }, transcriptStore: { kind: 'lowdb' } });
const privacy = stores.privacy!;
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
await stores.close();
