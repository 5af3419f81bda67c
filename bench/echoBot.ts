// The framework's floor: a plain botbuilder + restify echo bot, the same stack without our logic.
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`Echo: ${context.activity.text}`);
  await next();
});
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(0, '127.0.0.1', () => console.log(`echo bot: http://127.0.0.1:${server.address().port}/api/messages`));
// Exit cleanly on SIGTERM, so a CPU profile (BENCH_PROFILE=1) is written like the bot's.
process.on('SIGTERM', () => process.exit(0));
