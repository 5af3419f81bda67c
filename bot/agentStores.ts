import { AgentAccounts } from '../adapters/agents/agentAccounts.js';
import { AzureAgentSessionStore } from '../adapters/agents/azureAgentSessionStore.js';
import { AzureAgentStore } from '../adapters/agents/azureAgentStore.js';
import { LowdbAgentSessionStore } from '../adapters/agents/lowdbAgentSessionStore.js';
import { LowdbAgentStore } from '../adapters/agents/lowdbAgentStore.js';
import type { AppConfig } from '../config/config.js';

/**
 * Agent accounts and their console sessions from the config: with STORE=azure in Azure tables shared by every
 * instance (`<prefix>agents`, `<prefix>agentsessions`), else in DATA_DIR/agents.json and DATA_DIR/agent-sessions.json.
 * Apart from createStores so `npm run agents` starts without loading the Bot Framework SDK; it manages the same
 * accounts as the bot with the same config.
 */
export function createAgentAccounts(config: Pick<AppConfig, 'dataDir' | 'store'>): AgentAccounts {
  if (config.store.kind === 'azure') {
    const tables = { connectionString: config.store.connectionString, tablePrefix: config.store.tablePrefix };
    return new AgentAccounts(new AzureAgentStore(tables), new AzureAgentSessionStore(tables));
  }
  return new AgentAccounts(new LowdbAgentStore(config.dataDir), new LowdbAgentSessionStore(config.dataDir));
}
