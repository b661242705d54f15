/**
 * The job journal: one small file per running download, `<data folder>/jobs/<correlationId>.json`, naming what the job
 * has left on disk and in S3 so far (its `.partial` file, its ZIP and multipart upload, its trace row). The job writes
 * it as it goes and removes it once it has ended and cleaned up; an entry still there at start-up was left by a crash,
 * and the sweep (sweep-interrupted-jobs.ts) removes exactly what it names. A saved file whose background trace copy
 * is still to go is named by the same entry, replaced (`traceCopy`): the sweep leaves it, and the trace copies of the
 * next run take it up (trace-copies.ts).
 */
import { hostname } from 'node:os';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../files/atomic-write.js';
import type { Logger } from '../logging/logger.js';

const JOURNAL_FOLDER = 'jobs';
const ENTRY_SUFFIX = '.json';
// Not the atomic write's default '.partial': that is the suffix of the user's reserved files.
const TEMPORARY_SUFFIX = '.tmp';

const journalRecordSchema = z.object({
  correlationId: z.string().min(1),
  /** The process that runs the job: an entry of a process still running is a live job, never swept. */
  pid: z.number().int().positive(),
  host: z.string(),
  startedAt: z.string(),
  partialPath: z.string().optional(),
  zip: z
    .object({
      bucket: z.string().min(1),
      key: z.string().min(1),
      versionId: z.string().optional(),
      uploadId: z.string().optional(),
    })
    .optional(),
  traceId: z.string().optional(),
  /**
   * A saved file whose trace copy (single pass, policy `traceCopy` 'background') is not yet in S3: never swept, but
   * taken up again by the trace copies (trace-copies.ts) of a later run.
   */
  traceCopy: z
    .object({
      file: z.string().min(1),
      bytes: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/u),
      bucket: z.string().min(1),
      key: z.string().min(1),
      traceId: z.string().min(1),
      uploadId: z.string().optional(),
    })
    .optional(),
});

export type JournalRecord = z.infer<typeof journalRecordSchema>;
/** What a job has come to hold; each note adds to the entry (a ZIP's fields are merged with those noted before). */
export type JobHoldings = Partial<Pick<JournalRecord, 'partialPath' | 'zip' | 'traceId' | 'traceCopy'>>;
export type TraceCopyRecord = NonNullable<JournalRecord['traceCopy']>;

/** One running job's entry. */
export interface JournalEntry {
  /**
   * Adds what the job now holds, written atomically before it resolves. A failed write is logged, never thrown: the
   * journal only helps a later start clean up after a crash, and must not fail a download.
   */
  note(holdings: JobHoldings): Promise<void>;
  /**
   * Replaces everything the entry names with `holdings`, under this process: a saved file handed to its trace copy
   * (the `.partial` and the job's trace row are no longer the sweep's), or a copy taken up by a new run.
   */
  replace(holdings: JobHoldings): Promise<void>;
  /** Removes the entry: the job has ended and cleaned up after itself. Logged, never thrown, on failure. */
  remove(): Promise<void>;
}

export function journalFolder(dataDir: string): string {
  return join(dataDir, JOURNAL_FOLDER);
}

/** The entry of the job `correlationId`, created on its first note. Notes are written one after another, in order. */
export function journalEntry(dataDir: string, correlationId: string, logger: Pick<Logger, 'warn'>, now: () => Date = () => new Date()): JournalEntry {
  const folder = journalFolder(dataDir);
  const file = join(folder, `${correlationId}${ENTRY_SUFFIX}`);
  let record: JournalRecord | undefined;
  let writes: Promise<void> = Promise.resolve();
  const inOrder = (step: string, write: () => Promise<void>): Promise<void> => {
    writes = writes.then(write).catch((error: unknown) => logger.warn('jobs.journal-write-failed', { step, correlationId, error }));
    return writes;
  };
  const write = (step: string): Promise<void> => {
    const text = `${JSON.stringify(record, null, 2)}\n`;
    return inOrder(step, async () => {
      await mkdir(folder, { recursive: true });
      // It names the patient's file (the NHS number is in the name): for the current user's eyes only.
      await writeFileAtomically(file, (handle) => handle.writeFile(text), { temporarySuffix: TEMPORARY_SUFFIX, currentUserOnly: true });
    });
  };
  const fresh = () => ({ correlationId, pid: process.pid, host: hostname(), startedAt: now().toISOString() });
  return {
    note(holdings) {
      record = {
        ...(record ?? fresh()),
        ...holdings,
        ...(holdings.zip === undefined ? {} : { zip: { ...record?.zip, ...holdings.zip } }),
        ...(holdings.traceCopy === undefined ? {} : { traceCopy: { ...record?.traceCopy, ...holdings.traceCopy } }),
      };
      return write('note');
    },
    replace(holdings) {
      record = { ...fresh(), ...(record === undefined ? {} : { startedAt: record.startedAt }), ...holdings };
      return write('replace');
    },
    remove() {
      return inOrder('remove', () => rm(file, { force: true }));
    },
  };
}

/** An entry as found on disk: its record, or why it could not be read. */
export type JournalFile = { readonly file: string } & ({ readonly record: JournalRecord } | { readonly unreadable: string });

/**
 * Every entry in the journal, and the temporary files of writes a crash cut short (ours to remove: nothing else is
 * written in the journal's folder). No folder, no entries.
 */
export async function readJournal(dataDir: string): Promise<{ readonly entries: JournalFile[]; readonly leftoverTemporaries: string[] }> {
  const folder = journalFolder(dataDir);
  const names = await readdir(folder).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw error;
  });
  const entries = await Promise.all(names.filter((name) => name.endsWith(ENTRY_SUFFIX)).map((name) => readEntry(join(folder, name))));
  const leftoverTemporaries = names.filter((name) => name.endsWith(TEMPORARY_SUFFIX)).map((name) => join(folder, name));
  return { entries, leftoverTemporaries };
}

async function readEntry(file: string): Promise<JournalFile> {
  try {
    const parsed = journalRecordSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? { file, record: parsed.data } : { file, unreadable: parsed.error.message };
  } catch (error) {
    return { file, unreadable: error instanceof Error ? error.message : String(error) };
  }
}
