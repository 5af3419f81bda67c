/** A servicedesk agent: a person with their own login, named to the users they help. */
export interface AgentAccount {
  /** Login name, lower case: 2-40 letters, digits, `.`, `_`, `-`. */
  username: string;
  /** First name, as users read it ("Sanne van de servicedesk"). */
  name: string;
  /** Set for a password someone else chose (a new account, a reset): the agent must replace it first. */
  mustChangePassword: boolean;
  createdAt: string;
}

/** What a store keeps of an agent: the account, its scrypt hash, and the stamp that keeps its sessions valid. */
export interface AgentRecord extends AgentAccount {
  /** scrypt$N$r$p$salt$hash, base64 (adapters/agents/passwords.ts) */
  passwordHash: string;
  /** Changes with every new password: sessions carry it, and one from before a reset is no longer valid. */
  credentialId: string;
}

export class UnknownAgentError extends Error {
  constructor(readonly username: string) {
    super(`no agent with username "${username}"`);
  }
}

export class AgentExistsError extends Error {
  constructor(readonly username: string) {
    super(`an agent with username "${username}" exists already`);
  }
}

/**
 * Agent accounts (role interface): `LowdbAgentStore` keeps them in DATA_DIR/agents.json. Plain records; the rules
 * (names, passwords, sessions to end) are in AgentAccounts.
 */
export interface AgentStore {
  list(): Promise<AgentRecord[]>;
  get(username: string): Promise<AgentRecord | undefined>;
  /** Throws AgentExistsError when the username is taken. */
  create(record: AgentRecord): Promise<void>;
  /** Throws UnknownAgentError when there is no such agent; returns the updated record. */
  update(
    username: string,
    changes: Partial<Pick<AgentRecord, 'name' | 'passwordHash' | 'credentialId' | 'mustChangePassword'>>,
  ): Promise<AgentRecord>;
  /** False when there was no such agent. */
  remove(username: string): Promise<boolean>;
}
