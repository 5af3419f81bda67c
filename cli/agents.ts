import { parseArgs } from 'node:util';
import {
  AgentExistsError,
  InvalidAgentInputError,
  UnknownAgentError,
  type AgentAccounts,
} from '../adapters/agents/agentAccounts.js';
import { createAgentAccounts } from '../bot/agentStores.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { loadDotEnv } from '../config/dotenv.js';

// `npm run agents -- add <username> --name <first name> | reset <username> | remove <username> | list`
// Servicedesk agent accounts in the store the bot uses (DATA_DIR/agents.json). Safe while the bot runs: the bot
// notices the change, and a removed or reset agent's console sessions end at once.
// Exit codes: 0 done, 1 refused (unknown agent, username taken, invalid username or name), 2 usage.

const USAGE = `Usage: npm run agents -- <command>
  add <username> --name <first name>   new agent; prints a one-time password (changed at first login)
  reset <username>                     new one-time password; ends the agent's console sessions
  remove <username>                    deletes the agent; ends their console sessions
  list                                 usernames, names, pending password changes, creation dates`;

function usage(message?: string): never {
  if (message) console.error(`error: ${message}`);
  console.error(USAGE);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { name: { type: 'string' }, help: { type: 'boolean' } } });
} catch (err) {
  usage((err as Error).message);
}
const { positionals, values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [command, username, ...extra] = positionals;
if (extra.length > 0) usage(`unexpected arguments: ${extra.join(' ')}`);
if (command === 'list' && username !== undefined) usage('list takes no username');
if (['add', 'reset', 'remove'].includes(command ?? '') && !username) usage(`${command} needs a username`);
if (command === 'add' && values.name === undefined) usage('add needs --name <first name>');
if (command !== 'add' && values.name !== undefined) usage('--name belongs to add');

let agents: AgentAccounts;
try {
  loadDotEnv();
  agents = createAgentAccounts(loadConfig(process.env));
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}

const ONCE = 'shown once: hand it over safely; the agent must change it at the first login';

try {
  switch (command) {
    case 'add': {
      const { account, password } = await agents.add(username, values.name!);
      console.log(`Added agent ${account.username} (${account.name}).`);
      console.log(`Password (${ONCE}): ${password}`);
      break;
    }
    case 'reset': {
      const { account, password } = await agents.reset(username);
      console.log(`Reset the password of ${account.username} (${account.name}); their console sessions ended.`);
      console.log(`Password (${ONCE}): ${password}`);
      break;
    }
    case 'remove': {
      const sessions = await agents.remove(username);
      console.log(`Removed agent ${username.trim().toLowerCase()}; ${sessions} console session(s) ended.`);
      break;
    }
    case 'list': {
      const list = await agents.list();
      if (list.length === 0) {
        console.log('No agents.');
        break;
      }
      const rows = [
        ['USERNAME', 'NAME', 'PASSWORD CHANGE PENDING', 'CREATED'],
        ...list.map((a) => [a.username, a.name, a.mustChangePassword ? 'yes' : 'no', a.createdAt.slice(0, 10)]),
      ];
      const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
      for (const row of rows)
        console.log(
          row
            .map((cell, i) => cell.padEnd(widths[i]))
            .join('  ')
            .trimEnd(),
        );
      break;
    }
    default:
      usage(command ? `unknown command "${command}"` : undefined);
  }
} catch (err) {
  if (err instanceof UnknownAgentError || err instanceof AgentExistsError || err instanceof InvalidAgentInputError) {
    console.error(`error: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
