import path from 'node:path';
import { SharedJsonFile } from '../sharedJsonFile.js';
import { AgentExistsError, UnknownAgentError, type AgentRecord, type AgentStore } from './agentStore.js';

/**
 * Agent accounts in DATA_DIR/agents.json (only scrypt hashes). The bot and `npm run agents` may both change it
 * while the bot runs (SharedJsonFile). Records written before named accounts (username, passwordHash, createdAt)
 * read with the username as name and a credentialId derived from the hash.
 */
export class LowdbAgentStore implements AgentStore {
  private readonly file: SharedJsonFile<{ agents: AgentRecord[] }>;

  constructor(dataDir: string) {
    this.file = new SharedJsonFile(path.join(dataDir, 'agents.json'), { agents: [] as AgentRecord[] });
  }

  async list(): Promise<AgentRecord[]> {
    return (await this.file.read()).agents.map(complete);
  }

  async get(username: string): Promise<AgentRecord | undefined> {
    const record = (await this.file.read()).agents.find((a) => a.username === username);
    return record && complete(record);
  }

  async create(record: AgentRecord): Promise<void> {
    await this.file.update((data) => {
      if (data.agents.some((a) => a.username === record.username)) throw new AgentExistsError(record.username);
      data.agents.push({ ...record });
    });
  }

  async update(
    username: string,
    changes: Partial<Pick<AgentRecord, 'name' | 'passwordHash' | 'credentialId' | 'mustChangePassword'>>,
  ): Promise<AgentRecord> {
    return this.file.update((data) => {
      const index = data.agents.findIndex((a) => a.username === username);
      if (index < 0) throw new UnknownAgentError(username);
      data.agents[index] = { ...complete(data.agents[index]), ...changes };
      return { ...data.agents[index] };
    });
  }

  async remove(username: string): Promise<boolean> {
    return this.file.update((data) => {
      const before = data.agents.length;
      data.agents = data.agents.filter((a) => a.username !== username);
      return data.agents.length < before;
    });
  }
}

/** Fills in what records from before named accounts lack. */
function complete(record: AgentRecord): AgentRecord {
  return {
    ...record,
    name: record.name ?? record.username,
    mustChangePassword: record.mustChangePassword ?? false,
    credentialId: record.credentialId ?? record.passwordHash.slice(-16),
  };
}
