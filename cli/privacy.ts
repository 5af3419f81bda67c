import { parseArgs } from 'node:util';
import { createStores } from '../bot/stores.js';
import { loadConfig } from '../config/config.js';
import { loadDotEnv } from '../config/dotenv.js';

// `npm run privacy -- export|delete --user <aadObjectId or channel user id>` or `--conversation <id>`, or `purge`
// (apply retention now).
// Run it with the bot stopped: the embedded stores have one writer per process.
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { user: { type: 'string' }, conversation: { type: 'string' } },
});
loadDotEnv();
// The embedded stores of DATA_DIR, whatever the bot runs on now: transcripts are covered even when
// TRANSCRIPT_STORE is now `none`, since days kept earlier still count.
const stores = createStores({
  ...loadConfig(process.env),
  store: { kind: 'lowdb' },
  stateStore: { kind: 'lowdb' },
  transcriptStore: { kind: 'lowdb' },
});
const privacy = stores.privacy!;
const [command] = positionals;
if ((command === 'export' || command === 'delete') && (values.user || values.conversation)) {
  const subject = { user: values.user, conversation: values.conversation };
  const result = command === 'export' ? await privacy.export(subject) : await privacy.delete(subject);
  console.log(JSON.stringify(result, null, 2));
} else if (command === 'purge') {
  console.log(JSON.stringify(await privacy.purgeExpired()));
} else {
  console.error(
    'Usage: npm run privacy -- export|delete (--user <Entra object id or channel user id> | --conversation <id>) | purge',
  );
  process.exit(2);
}
await stores.close();
