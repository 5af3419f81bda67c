import {
  deleteIfPresent,
  getOrUndefined,
  listAll,
  odata,
  safeKey,
  tableClient,
  type AzureTablesOptions,
  type LazyTable,
  type TableClient,
  type TableEntityResult,
} from '../azure/tables.js';
import type { AgentSession, AgentSessionStore } from './agentSessionStore.js';

const PARTITION = 'sessions';
const SHA256_HEX = /^[0-9a-f]{64}$/;

type SessionRow = AgentSession & { partitionKey: string; rowKey: string };

/**
 * Agent console sessions in an Azure table, shared by every instance: a session started on one instance is valid
 * on all of them. One row per session, keyed by the SHA-256 of its token (the token itself is never stored), so
 * creating and reading are single-row operations that never contend. Ending a session deletes its row; ending an
 * agent's sessions and pruning read the rows first, then delete them one by one (a row another instance deleted
 * meanwhile is not counted). Whether a session is still valid (expiry, the agent's current credential) is
 * AgentAccounts' rule; expired rows go when the sessions are pruned.
 */
export class AzureAgentSessionStore implements AgentSessionStore {
  private readonly table: LazyTable;

  constructor(tables: AzureTablesOptions) {
    this.table = tableClient(tables, 'agentsessions');
  }

  async create(session: AgentSession): Promise<void> {
    // Insert-only: a token hash is unique, and a session is never rewritten.
    await (await this.table.get()).createEntity(rowOf(session));
  }

  async get(tokenHash: string): Promise<AgentSession | undefined> {
    const row = await getOrUndefined<SessionRow>(await this.table.get(), PARTITION, keyOf(tokenHash));
    return row && sessionOf(row);
  }

  async remove(tokenHash: string): Promise<void> {
    await deleteIfPresent(await this.table.get(), PARTITION, keyOf(tokenHash));
  }

  async removeForAgent(username: string): Promise<number> {
    const client = await this.table.get();
    const rows = await listAll<SessionRow>(client, odata`PartitionKey eq ${PARTITION} and username eq ${username}`);
    return this.deleteAll(client, rows);
  }

  async prune(now: Date, keep: (session: AgentSession) => boolean = () => true): Promise<number> {
    const client = await this.table.get();
    const rows = await listAll<SessionRow>(client, odata`PartitionKey eq ${PARTITION}`);
    const gone = rows.filter((row) => {
      const session = sessionOf(row);
      return Date.parse(session.expiresAt) <= now.getTime() || !keep(session);
    });
    return this.deleteAll(client, gone);
  }

  private async deleteAll(client: TableClient, rows: Array<{ rowKey?: string }>): Promise<number> {
    let deleted = 0;
    // A few at a time: a prune after a long pause may have many rows to drop.
    for (let i = 0; i < rows.length; i += 10) {
      const batch = await Promise.all(
        rows.slice(i, i + 10).map((row) => deleteIfPresent(client, PARTITION, row.rowKey!)),
      );
      deleted += batch.filter(Boolean).length;
    }
    return deleted;
  }
}

/** The RowKey of a token hash: the hash itself (hex), or for anything else its own SHA-256 (a safe key). */
function keyOf(tokenHash: string): string {
  return SHA256_HEX.test(tokenHash) ? tokenHash : safeKey(tokenHash);
}

function rowOf(session: AgentSession): SessionRow {
  return {
    partitionKey: PARTITION,
    rowKey: keyOf(session.tokenHash),
    tokenHash: session.tokenHash,
    username: session.username,
    credentialId: session.credentialId,
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
  };
}

function sessionOf(row: TableEntityResult<SessionRow> | SessionRow): AgentSession {
  return {
    tokenHash: row.tokenHash,
    username: row.username,
    credentialId: row.credentialId,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}
