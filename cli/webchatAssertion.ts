import { SignJWT } from 'jose';
import { DEMO_IDENTITIES } from '../adapters/portal/demoData.js';
import { loadConfig } from '../config/config.js';
import { loadDotEnv } from '../config/dotenv.js';
import { ASSERTION } from '../bot/webchat/webChatTokens.js';
import { isObjectId } from '../domain/identity.js';

// `npm run --silent webchat:assertion -- anna`: signs what a website would sign for its signed-in user, and prints
// a local Web Chat URL that uses it. For trying the account dialogs in the browser; needs WEBCHAT_ASSERTION_SECRET.
loadDotEnv();
const config = loadConfig(process.env);
const who = process.argv[2]?.toLowerCase() ?? '';
const demo =
  (DEMO_IDENTITIES as Record<string, { name: string; aadObjectId: string }>)[who] ??
  (isObjectId(who) ? { name: 'Gebruiker', aadObjectId: who } : undefined);
if (!config.webChatAssertionSecret || !demo) {
  console.error(
    'Usage: WEBCHAT_ASSERTION_SECRET=<32+ chars> npm run --silent webchat:assertion -- anna|bram|carla|<aadObjectId>',
  );
  process.exit(2);
}
const assertion = await new SignJWT({ name: demo.name })
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject(demo.aadObjectId)
  .setIssuer(ASSERTION.issuer)
  .setAudience(ASSERTION.audience)
  .setIssuedAt()
  .setExpirationTime('10m')
  .sign(new TextEncoder().encode(config.webChatAssertionSecret));
console.log(`http://localhost:${config.port}/#assertion=${assertion}`);
