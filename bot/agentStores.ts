import { AgentAccounts } from '../adapters/agents/agentAccounts.js';
import { LowdbAgentSessionStore } from '../adapters/agents/lowdbAgentSessionStore.js';
import { LowdbAgentStore } from '../adapters/agents/lowdbAgentStore.js';
import type { AppConfig } from '../config/config.js';

/**
 * Agent accounts and their console sessions from the config (DATA_DIR/agents.json, DATA_DIR/agent-sessions.json).
 * Apart from createStores so `npm run agents` starts without loading the Bot Framework SDK.
 */
export function createAgentAccounts(config: Pick<AppConfig, 'dataDir'>): AgentAccounts {
  return new AgentAccounts(new LowdbAgentStore(config.dataDir), new LowdbAgentSessionStore(config.dataDir));
}
