/** A logged-in console session. The token itself is never stored: only its SHA-256. */
export interface AgentSession {
  /** SHA-256 of the session token, hex. */
  tokenHash: string;
  username: string;
  /** The agent's credentialId when the session started: a new password ends older sessions. */
  credentialId: string;
  createdAt: string;
  expiresAt: string;
}

/** Agent console sessions (role interface): `LowdbAgentSessionStore` keeps them in DATA_DIR/agent-sessions.json. */
export interface AgentSessionStore {
  create(session: AgentSession): Promise<void>;
  get(tokenHash: string): Promise<AgentSession | undefined>;
  remove(tokenHash: string): Promise<void>;
  /** Ends every session of an agent (removed, reset, or a new password); returns how many there were. */
  removeForAgent(username: string): Promise<number>;
  /** Drops sessions that expired before `now`, or for which `keep` says no; returns how many went. */
  prune(now: Date, keep?: (session: AgentSession) => boolean): Promise<number>;
}
