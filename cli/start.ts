import { createApp } from '../bot/app.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { loadDotEnv } from '../config/dotenv.js';

// The entry point: configuration in, everything built by createApp, server started.
try {
  loadDotEnv();
  const app = createApp(loadConfig(process.env));
  const initial = await app.agents.ensureInitialAgent();
  const url = await app.start();
  if (initial) {
    // Shown once, on the first start: only its scrypt hash is stored, and the console asks for a new one at once.
    console.log(
      `Agent console: ${url}/agent  first login: ${initial.username} / ${initial.password}  (shown once; to be changed at the first login; add named agents with \`npm run agents -- add\`)`,
    );
  }
  console.log(`SLB registration assistant: ${url}/api/messages (health: ${url}/healthz, web chat: ${url}/)`);
  const shutdown = () => void app.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
