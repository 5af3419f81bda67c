import path from 'node:path';
import { SharedJsonFile } from '../sharedJsonFile.js';
import type { AgentSession, AgentSessionStore } from './agentSessionStore.js';

/** Agent console sessions in DATA_DIR/agent-sessions.json: token hashes only, so a restart keeps agents logged in. */
export class LowdbAgentSessionStore implements AgentSessionStore {
  private readonly file: SharedJsonFile<{ sessions: AgentSession[] }>;

  constructor(dataDir: string) {
    this.file = new SharedJsonFile(path.join(dataDir, 'agent-sessions.json'), { sessions: [] as AgentSession[] });
  }

  async create(session: AgentSession): Promise<void> {
    await this.file.update((data) => {
      data.sessions.push({ ...session });
    });
  }

  async get(tokenHash: string): Promise<AgentSession | undefined> {
    const session = (await this.file.read()).sessions.find((s) => s.tokenHash === tokenHash);
    return session && { ...session };
  }

  async remove(tokenHash: string): Promise<void> {
    if (!(await this.get(tokenHash))) return;
    await this.file.update((data) => {
      data.sessions = data.sessions.filter((s) => s.tokenHash !== tokenHash);
    });
  }

  async removeForAgent(username: string): Promise<number> {
    if (!(await this.file.read()).sessions.some((s) => s.username === username)) return 0;
    return this.file.update((data) => {
      const before = data.sessions.length;
      data.sessions = data.sessions.filter((s) => s.username !== username);
      return before - data.sessions.length;
    });
  }

  async prune(now: Date, keep: (session: AgentSession) => boolean = () => true): Promise<number> {
    const gone = (s: AgentSession) => Date.parse(s.expiresAt) <= now.getTime() || !keep(s);
    if (!(await this.file.read()).sessions.some(gone)) return 0;
    return this.file.update((data) => {
      const before = data.sessions.length;
      data.sessions = data.sessions.filter((s) => !gone(s));
      return before - data.sessions.length;
    });
  }
}
