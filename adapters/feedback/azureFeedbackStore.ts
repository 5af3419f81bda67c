import { randomBytes } from 'node:crypto';
import {
  getOrUndefined,
  listAll,
  retryOnConflict,
  safeKey,
  tableClient,
  timeKey,
  type AzureTablesOptions,
  type JsonEntity,
  type LazyTable,
} from '../azure/tables.js';
import type {
  ClarifiedRecord,
  FeedbackData,
  FeedbackRecord,
  FeedbackStore,
  UnansweredRecord,
} from './feedbackStore.js';
import { cleanQuestion, MAX_QUESTION } from './lowdbFeedbackStore.js';

type Kind = keyof FeedbackData;

/**
 * Feedback for editors in an Azure table, one partition per kind. Records are only added (each a row of its own,
 * so instances never contend), except the choice a user makes among offered entries, which is a conditional update
 * of its clarified record. Questions are cleaned as in the embedded store (cut, personal data masked).
 */
export class AzureFeedbackStore implements FeedbackStore {
  private readonly table: LazyTable;

  constructor(tables: AzureTablesOptions) {
    this.table = tableClient(tables, 'feedback');
  }

  recordFeedback(record: FeedbackRecord): Promise<void> {
    return this.add('feedback', timeKey(Date.parse(record.at), randomBytes(6).toString('hex')), {
      ...record,
      question: cleanQuestion(record.question),
    });
  }

  recordUnanswered(record: UnansweredRecord): Promise<void> {
    return this.add('unanswered', timeKey(Date.parse(record.at), randomBytes(6).toString('hex')), {
      ...record,
      question: cleanQuestion(record.question),
    });
  }

  recordClarified(record: ClarifiedRecord): Promise<void> {
    return this.add('clarified', safeKey(record.id), { ...record, question: record.question.slice(0, MAX_QUESTION) });
  }

  async recordClarifyChoice(recordId: string, entryId: string): Promise<void> {
    const client = await this.table.get();
    await retryOnConflict(async () => {
      const row = await getOrUndefined<JsonEntity>(client, 'clarified', safeKey(recordId));
      if (!row) return;
      const record = { ...(JSON.parse(row.json) as ClarifiedRecord), chosen: entryId };
      await client.updateEntity(
        { partitionKey: 'clarified', rowKey: row.rowKey!, json: JSON.stringify(record) },
        'Replace',
        { etag: row.etag },
      );
    });
  }

  async list(): Promise<FeedbackData> {
    const client = await this.table.get();
    const read = async <T extends { at: string }>(kind: Kind): Promise<T[]> =>
      (await listAll<JsonEntity>(client, `PartitionKey eq '${kind}'`))
        .map((r) => JSON.parse(r.json) as T)
        .sort((a, b) => a.at.localeCompare(b.at));
    const [feedback, unanswered, clarified] = await Promise.all([
      read<FeedbackRecord>('feedback'),
      read<UnansweredRecord>('unanswered'),
      read<ClarifiedRecord>('clarified'),
    ]);
    return { feedback, unanswered, clarified };
  }

  private async add(kind: Kind, rowKey: string, record: object): Promise<void> {
    const client = await this.table.get();
    // An upsert: a clarified record filed twice (a retried turn) stays one row.
    await client.upsertEntity({ partitionKey: kind, rowKey, json: JSON.stringify(record) }, 'Replace');
  }
}
