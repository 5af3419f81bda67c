import { mkdirSync, readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { TextFile } from 'lowdb/node';
import { stripInvisible } from '../freeText.js';
import { JournalFile, journalFileIn, journalsIn, readIfExists } from '../storage/journalFile.js';
import type {
  ClarifiedRecord,
  FeedbackData,
  FeedbackRecord,
  FeedbackStore,
  UnansweredRecord,
} from './feedbackStore.js';

/** Questions longer than this are cut: editors need the gist, and the files must stay small. */
export const MAX_QUESTION = 500;

/**
 * Feedback is kept for editors, not linked to anyone, so personal data typed into a question must not be kept
 * either: e-mail addresses and phone numbers are masked before the question is stored (the rest of the text is
 * what editors need to improve the FAQ).
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** Dutch and international numbers: 06-12345678, 020 123 4567, +31 6 1234 5678, 0031612345678 (8+ digits). */
const PHONE = /(?:\+|00)?\d(?:[\s().-]*\d){7,}/g;

export function maskPersonalData(text: string): string {
  return stripInvisible(text).replace(EMAIL, '[e-mailadres]').replace(PHONE, '[telefoonnummer]');
}

/** A question as feedback keeps it: cut, personal data masked. */
export const cleanQuestion = (question: string) => maskPersonalData(question.slice(0, MAX_QUESTION));

/** A journal line: one record, or the entry a user chose among the suggestions of a clarified record. */
type FeedbackLine =
  | { feedback: FeedbackRecord }
  | { unanswered: UnansweredRecord }
  | { clarified: ClarifiedRecord }
  | { chosen: { id: string; entryId: string } };

/** The snapshot retention writes: the records it kept, and the last journal generation they include. */
interface Snapshot extends FeedbackData {
  covers: number;
}

/**
 * Feedback for the editors in DATA_DIR/feedback: append-only journals of records (JSON lines, group commit, a torn
 * last line skipped, as the state journal), and a snapshot that retention writes. Recording a question appends one
 * line, however much feedback there is: the file used to be rewritten whole for every unanswered question, which
 * made each one cost more than the last, and a flood of them a way to load the bot.
 *
 * Each process appends to a journal generation of its own, opened at its first record, so the CLIs (`kb report`)
 * only read. Retention (`removeOlderThan`) starts a new generation, writes the records it keeps into the snapshot,
 * which says the generations it covers, and then deletes those journals: a crash in between counts nothing twice.
 * A `feedback.json` of an earlier version is read as the first snapshot, and removed by the first retention run.
 */
export class LowdbFeedbackStore implements FeedbackStore {
  private readonly dir: string;
  private readonly legacyFile: string;
  private journal: JournalFile | undefined;
  private opening: Promise<JournalFile> | undefined;
  private generation = 0;
  private folding: Promise<unknown> | undefined;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'feedback');
    this.legacyFile = path.join(dataDir, 'feedback.json');
    mkdirSync(this.dir, { recursive: true });
  }

  recordFeedback(record: FeedbackRecord): Promise<void> {
    return this.append({ feedback: { ...record, question: cleanQuestion(record.question) } });
  }

  recordUnanswered(record: UnansweredRecord): Promise<void> {
    return this.append({ unanswered: { ...record, question: cleanQuestion(record.question) } });
  }

  recordClarified(record: ClarifiedRecord): Promise<void> {
    return this.append({ clarified: { ...record, question: record.question.slice(0, MAX_QUESTION) } });
  }

  /** Appended as its own line and applied when read: a record that is gone by then is ignored. */
  recordClarifyChoice(recordId: string, entryId: string): Promise<void> {
    return this.append({ chosen: { id: recordId, entryId } });
  }

  /** Deletes feedback, unanswered and clarified questions recorded before `cutoff`; returns how many. */
  async removeOlderThan(cutoff: Date): Promise<number> {
    while (this.folding) await this.folding.catch(() => undefined);
    const folding = this.fold(cutoff);
    this.folding = folding;
    try {
      return await folding;
    } finally {
      this.folding = undefined;
    }
  }

  async list(): Promise<FeedbackData> {
    while (this.folding) await this.folding.catch(() => undefined);
    return this.read().data;
  }

  /** Waits for appends in flight and closes this process's journal (the bot's shutdown). */
  async close(): Promise<void> {
    while (this.folding) await this.folding.catch(() => undefined);
    const journal = this.journal ?? (await this.opening?.catch(() => undefined));
    this.journal = undefined;
    this.opening = undefined;
    await journal?.close();
  }

  private async append(line: FeedbackLine): Promise<void> {
    while (this.folding) await this.folding.catch(() => undefined);
    const journal = this.journal ?? (await this.open());
    await journal.append(`${JSON.stringify(line)}\n`);
  }

  /** This process's journal: a generation after every one on disk (and after what the snapshot covers). */
  private open(): Promise<JournalFile> {
    this.opening ??= (async () => {
      const { covers } = this.readSnapshot();
      this.generation = Math.max(covers, journalsIn(this.dir).at(-1)?.generation ?? 0) + 1;
      this.journal = await JournalFile.create(journalFileIn(this.dir, this.generation));
      return this.journal;
    })().catch((err: Error) => {
      this.opening = undefined;
      throw new Error(`LowdbFeedbackStore: cannot open a journal in ${this.dir}: ${err.message}`);
    });
    return this.opening;
  }

  private async fold(cutoff: Date): Promise<number> {
    // Appends from here on go to a new generation; the one closed here is complete on disk before it is read.
    const previous = this.journal ?? (await this.opening?.catch(() => undefined));
    this.journal = undefined;
    this.opening = undefined;
    await previous?.close();
    const { data, covers } = this.read();
    const before = data.feedback.length + data.unanswered.length + data.clarified.length;
    const kept: Snapshot = {
      covers,
      feedback: data.feedback.filter((f) => new Date(f.at) >= cutoff),
      unanswered: data.unanswered.filter((u) => new Date(u.at) >= cutoff),
      clarified: data.clarified.filter((c) => new Date(c.at) >= cutoff),
    };
    await new TextFile(this.snapshotFile()).write(JSON.stringify(kept));
    for (const { file, generation } of journalsIn(this.dir))
      if (generation <= covers) await unlink(file).catch(() => undefined);
    await unlink(this.legacyFile).catch(() => undefined);
    return before - kept.feedback.length - kept.unanswered.length - kept.clarified.length;
  }

  private snapshotFile(): string {
    return path.join(this.dir, 'snapshot.json');
  }

  /** The snapshot, else the file of an earlier version (covering no journal), else nothing. */
  private readSnapshot(): Snapshot {
    const text = readIfExists(this.snapshotFile()) || readIfExists(this.legacyFile);
    const snapshot = (text ? JSON.parse(text) : {}) as Partial<Snapshot>;
    return {
      covers: snapshot.covers ?? 0,
      feedback: snapshot.feedback ?? [],
      unanswered: snapshot.unanswered ?? [],
      // Files written before clarified questions were recorded lack the list.
      clarified: snapshot.clarified ?? [],
    };
  }

  /** Everything recorded: the snapshot, then the journals after it, in order; `covers` is the last generation read. */
  private read(): { data: FeedbackData; covers: number } {
    const { covers: snapshotCovers, ...data } = this.readSnapshot();
    const clarifiedById = new Map<string, ClarifiedRecord>();
    for (const c of data.clarified) if (!clarifiedById.has(c.id)) clarifiedById.set(c.id, c);
    let covers = snapshotCovers;
    for (const { file, generation } of journalsIn(this.dir)) {
      if (generation <= snapshotCovers) continue;
      covers = generation;
      for (const line of JournalFile.parse<FeedbackLine>(readFileSync(file, 'utf8')).entries) {
        if ('feedback' in line) data.feedback.push(line.feedback);
        else if ('unanswered' in line) data.unanswered.push(line.unanswered);
        else if ('clarified' in line) {
          data.clarified.push(line.clarified);
          if (!clarifiedById.has(line.clarified.id)) clarifiedById.set(line.clarified.id, line.clarified);
        } else {
          const record = clarifiedById.get(line.chosen.id);
          if (record) record.chosen = line.chosen.entryId;
        }
      }
    }
    return { data, covers };
  }
}
