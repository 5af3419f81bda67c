import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { loadDotEnv } from '../config/dotenv.js';
import { buildTeamsPackage } from '../teams/teamsPackage.js';

// `npm run teams:package [-- --out FILE]`: builds dist/teams/slb-registration-assistant.zip with the bot id from MicrosoftAppId.
try {
  loadDotEnv();
  const config = loadConfig(process.env);
  const botId = config.microsoftApp.appId;
  if (!botId)
    throw new Error("teams:package: set MicrosoftAppId (the bot's Microsoft App ID) first, in the environment or .env");
  const { zip, manifest } = await buildTeamsPackage(botId);
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = path.resolve(values.out ?? path.join('dist', 'teams', 'slb-registration-assistant.zip'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(
    `Teams app package: ${out} (app id ${manifest.id}, bot id ${botId}); upload it in Teams: Apps > Manage your apps > Upload an app.`,
  );
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
