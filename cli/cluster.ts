import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAgentAccounts } from '../bot/agentStores.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { loadDotEnv } from '../config/dotenv.js';
import { Azurite, freePort } from './azurite.js';
import { RoundRobinProxy, type Upstream } from './roundRobinProxy.js';

/**
 * `npm run start:cluster`: the multi-instance mode on this machine, to see it work. Azurite (blob, queue, table),
 * two bot instances with STORE=azure, and a round-robin proxy on PORT (default 3978) in front of them. An instance
 * that exits is started again after two seconds; meanwhile the proxy sends everything to the other one.
 * Data: DATA_DIR/cluster (Azurite's files, and each instance's own folder for what is still per instance: the
 * embedded Direct Line conversations' journal).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
loadDotEnv();
const port = Number(process.env.PORT ?? 3978);
const base = path.resolve(process.env.DATA_DIR ?? './data', 'cluster');
const log = (message: string) => console.log(`[cluster] ${message}`);

const azurite = new Azurite(['blob', 'queue', 'table'], { location: path.join(base, 'azurite') });
const connectionString = await azurite.start();
log(`Azurite (blob, queue, table) on ports ${Object.values(azurite.ports).join(', ')}, data in ${base}/azurite`);

const names = ['a', 'b'];
/** What both instances share (each adds its own PORT and DATA_DIR). */
const sharedEnv = {
  STORE: 'azure',
  AZURE_STORAGE_CONNECTION_STRING: connectionString,
  STATE_STORE: 'blobs',
};
// Agent accounts and console sessions are shared (Azure tables): the first account is made once, for both instances.
let agents;
try {
  agents = createAgentAccounts(loadConfig({ ...process.env, ...sharedEnv, DATA_DIR: base }));
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  await azurite.stop();
  process.exit(1);
}
if ((await agents.list()).length === 0) {
  const password = randomBytes(12).toString('base64url');
  await agents.setPassword('servicedesk', password);
  log(`agent console: first login servicedesk / ${password}  (shown once)`);
}

let stopping = false;
const children = new Map<string, ChildProcess>();
const upstreams: Upstream[] = [];
for (const name of names) upstreams.push({ name, url: `http://127.0.0.1:${await freePort()}`, healthy: false });

function run(upstream: Upstream): void {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'cli/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: new URL(upstream.url).port,
      HOST: '127.0.0.1',
      DATA_DIR: path.join(base, upstream.name),
      ...sharedEnv,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(upstream.name, child);
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((line) => console.log(`[${upstream.name}] ${line}`));
  child.stdout!.on('data', prefix);
  child.stderr!.on('data', prefix);
  child.once('exit', (code, signal) => {
    children.delete(upstream.name);
    if (stopping) return;
    log(`instance ${upstream.name} exited (${signal ?? code}); starting it again in 2 s`);
    setTimeout(() => run(upstream), 2000);
  });
  log(`instance ${upstream.name}: pid ${child.pid}, ${upstream.url}`);
}

for (const upstream of upstreams) run(upstream);
// Wait until both answer their health check, so the first requests do not meet a starting instance.
for (let i = 0; i < 120 && !(await everyHealthy()); i++) await new Promise((r) => setTimeout(r, 500));

const proxy = new RoundRobinProxy(upstreams, { log });
const url = await proxy.start(port);
log(`round-robin proxy: ${url}  (Web Chat ${url}/, agent console ${url}/agent, Bot Framework ${url}/api/messages)`);
log('stop an instance to see the other take over: kill <pid of a or b>; Ctrl+C stops everything');

async function everyHealthy(): Promise<boolean> {
  const answers = await Promise.all(
    upstreams.map((u) =>
      fetch(`${u.url}/healthz`)
        .then((r) => r.ok)
        .catch(() => false),
    ),
  );
  return answers.every(Boolean);
}

const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  log('stopping');
  await proxy.stop();
  await Promise.all(
    [...children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  await azurite.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
