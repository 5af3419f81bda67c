import {
  deleteIfPresent,
  getOrUndefined,
  hasStatus,
  listAll,
  retryOnConflict,
  safeKey,
  tableClient,
  type AzureTablesOptions,
  type LazyTable,
  type TableEntityResult,
} from '../azure/tables.js';
import { AgentExistsError, UnknownAgentError, type AgentRecord, type AgentStore } from './agentStore.js';

const PARTITION = 'agents';

type AgentRow = AgentRecord & { partitionKey: string; rowKey: string };

/**
 * Agent accounts in an Azure table, shared by every instance (and by `npm run agents` with STORE=azure). One row
 * per agent, keyed by the SHA-256 of the username (a login may name anything). Creating is insert-only, so two
 * instances adding the same username at once get one account and one AgentExistsError; an update is an
 * eTag-conditional replace of the row it read, so a concurrent change is read again, never overwritten blindly.
 */
export class AzureAgentStore implements AgentStore {
  private readonly table: LazyTable;

  constructor(tables: AzureTablesOptions) {
    this.table = tableClient(tables, 'agents');
  }

  async list(): Promise<AgentRecord[]> {
    const rows = await listAll<AgentRow>(await this.table.get(), `PartitionKey eq '${PARTITION}'`);
    return rows.map(recordOf);
  }

  async get(username: string): Promise<AgentRecord | undefined> {
    const row = await getOrUndefined<AgentRow>(await this.table.get(), PARTITION, safeKey(username));
    return row && recordOf(row);
  }

  async create(record: AgentRecord): Promise<void> {
    const client = await this.table.get();
    try {
      await client.createEntity(rowOf(record));
    } catch (err) {
      if (hasStatus(err, 409)) throw new AgentExistsError(record.username);
      throw err;
    }
  }

  async update(
    username: string,
    changes: Partial<Pick<AgentRecord, 'name' | 'passwordHash' | 'credentialId' | 'mustChangePassword'>>,
  ): Promise<AgentRecord> {
    const client = await this.table.get();
    return retryOnConflict(async () => {
      const row = await getOrUndefined<AgentRow>(client, PARTITION, safeKey(username));
      if (!row) throw new UnknownAgentError(username);
      const record: AgentRecord = { ...recordOf(row), ...definedOnly(changes) };
      try {
        await client.updateEntity(rowOf(record), 'Replace', { etag: row.etag });
      } catch (err) {
        // Removed between the read and the write.
        if (hasStatus(err, 404)) throw new UnknownAgentError(username);
        throw err;
      }
      return record;
    });
  }

  async remove(username: string): Promise<boolean> {
    return deleteIfPresent(await this.table.get(), PARTITION, safeKey(username));
  }
}

function rowOf(record: AgentRecord): AgentRow {
  return {
    partitionKey: PARTITION,
    rowKey: safeKey(record.username),
    username: record.username,
    name: record.name,
    mustChangePassword: record.mustChangePassword,
    createdAt: record.createdAt,
    passwordHash: record.passwordHash,
    credentialId: record.credentialId,
  };
}

function recordOf(row: TableEntityResult<AgentRow> | AgentRow): AgentRecord {
  return {
    username: row.username,
    name: row.name,
    mustChangePassword: Boolean(row.mustChangePassword),
    createdAt: row.createdAt,
    passwordHash: row.passwordHash,
    credentialId: row.credentialId,
  };
}

/** The changes without keys set to undefined (a spread would otherwise blank the stored value). */
function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
