import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { ArchiveEntry, ArchiveEntryView, ArchiveProgress, ArchiveRecovery } from '../../common/archive.js';
import { ArchiveError, fileError } from './archive-error.js';
import { type FileCheck, checkFile, hashFile } from './file-hash.js';
import { IndexFile, type IndexStoreFactory } from './index-file.js';

/** What the caller records; the index adds the id and the time it was added. */
export type NewArchiveEntry = Omit<ArchiveEntry, 'id' | 'addedAt'>;

/** Where the index lives and how old an entry may get before it is flagged for review. */
export interface ArchiveIndexOptions {
  readonly store: IndexStoreFactory;
  /** Entries older than this (from `savedAt`) are flagged for review; never deleted. */
  readonly retentionDays?: number;
  readonly now?: () => Date;
}

/** Narrows the list to one patient. */
export interface ListFilter {
  readonly nhsNumber?: string;
}

/** Hears how far hashing has got, after every chunk read. */
export type HashProgressListener = (progress: ArchiveProgress) => void;

/** Which entries to check, with cancel and progress. */
export interface VerifyAllOptions extends ListFilter {
  readonly signal?: AbortSignal;
  /** Entries checked so far, after each one. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Bytes hashed over all the entries, against the sum of their recorded sizes; done reaches total after the last. */
  readonly onHashing?: HashProgressListener;
}

/** What "Remove from archive" did. */
export interface Removal {
  readonly entry: ArchiveEntry;
  readonly fileDeleted: boolean;
}

/** The archive of saved ZIPs, over a key-value store; statuses are found by hashing the files. */
export interface ArchiveIndex {
  /** Set once a damaged index was moved aside in this session: tell the user. */
  readonly recovered: ArchiveRecovery | null;
  add(entry: NewArchiveEntry): ArchiveEntry;
  /** Newest first; statuses are not checked here (see verify). */
  list(filter?: ListFilter): ArchiveEntryView[];
  get(id: string): ArchiveEntry | undefined;
  /** With deleteFile, deletes the file too, but only while it still hashes as recorded. */
  remove(id: string, options?: { readonly deleteFile?: boolean; readonly signal?: AbortSignal }): Promise<Removal>;
  /** Points the entry at a file's new place, accepted only when its SHA-256 matches. */
  relocate(id: string, newPath: string, signal?: AbortSignal, onHashing?: HashProgressListener): Promise<ArchiveEntry>;
  verify(id: string, signal?: AbortSignal, onHashing?: HashProgressListener): Promise<ArchiveEntryView>;
  /** One file at a time, newest first. */
  verifyAll(options?: VerifyAllOptions): Promise<ArchiveEntryView[]>;
}

const DAY_MS = 86_400_000;

/** Opens the archive index; a damaged index file is moved aside and reported through `recovered`. */
export function openArchiveIndex(options: ArchiveIndexOptions): ArchiveIndex {
  return new StoredArchiveIndex(options);
}

class StoredArchiveIndex implements ArchiveIndex {
  private readonly file: IndexFile;
  private readonly now: () => Date;

  constructor(private readonly options: ArchiveIndexOptions) {
    this.now = options.now ?? (() => new Date());
    this.file = new IndexFile(options.store, this.now);
  }

  get recovered(): ArchiveRecovery | null {
    return this.file.recovered;
  }

  add(input: NewArchiveEntry): ArchiveEntry {
    if (!isAbsolute(input.path)) {
      throw new TypeError(`Archive paths must be absolute: ${input.path}`);
    }
    const entry: ArchiveEntry = { ...input, id: randomUUID(), addedAt: this.now().toISOString() };
    return this.file.update((entries) => ({ entries: [...entries, entry], result: entry }));
  }

  list(filter: ListFilter = {}): ArchiveEntryView[] {
    return newestFirst(this.file.read().filter((entry) => matches(entry, filter))).map((entry) => this.view(entry));
  }

  get(id: string): ArchiveEntry | undefined {
    return this.file.read().find((entry) => entry.id === id);
  }

  async remove(id: string, { deleteFile = false, signal }: { readonly deleteFile?: boolean; readonly signal?: AbortSignal } = {}): Promise<Removal> {
    const entry = this.mustGet(id);
    const fileDeleted = deleteFile && (await deleteIfUnchanged(entry, signal));
    this.file.update((entries) => ({ entries: entries.filter((candidate) => candidate.id !== id), result: undefined }));
    return { entry, fileDeleted };
  }

  async relocate(id: string, newPath: string, signal?: AbortSignal, onHashing?: HashProgressListener): Promise<ArchiveEntry> {
    const target = resolve(newPath);
    const { sha256 } = await hashFile(target, signal, onHashing);
    if (sha256 !== this.mustGet(id).sha256) {
      throw new ArchiveError(
        'hash-mismatch',
        `${target} is not the same file: its SHA-256 does not match the one recorded when it was saved. The archive still points at the old place.`,
      );
    }
    return this.file.update((entries) => {
      const moved = { ...(entries.find((entry) => entry.id === id) ?? notFound()), path: target };
      return { entries: entries.map((entry) => (entry.id === id ? moved : entry)), result: moved };
    });
  }

  async verify(id: string, signal?: AbortSignal, onHashing?: HashProgressListener): Promise<ArchiveEntryView> {
    return await this.verifyEntry(this.mustGet(id), signal, onHashing);
  }

  async verifyAll({ signal, onProgress, onHashing, ...filter }: VerifyAllOptions = {}): Promise<ArchiveEntryView[]> {
    const views: ArchiveEntryView[] = [];
    const entries = this.list(filter).map(({ entry }) => entry);
    // One measure over every entry: a missing or resized file is not read, so it counts as done at once.
    const totalBytes = entries.reduce((sum, entry) => sum + entry.bytes, 0);
    let finishedBytes = 0;
    for (const entry of entries) {
      const before = finishedBytes;
      const entryHashing: HashProgressListener | undefined =
        onHashing === undefined ? undefined : ({ doneBytes }) => onHashing({ phase: 'hashing', doneBytes: before + doneBytes, totalBytes });
      views.push(await this.verifyEntry(entry, signal, entryHashing));
      finishedBytes += entry.bytes;
      onHashing?.({ phase: 'hashing', doneBytes: finishedBytes, totalBytes });
      onProgress?.(views.length, entries.length);
    }
    return views;
  }

  private async verifyEntry(entry: ArchiveEntry, signal?: AbortSignal, onHashing?: HashProgressListener): Promise<ArchiveEntryView> {
    const check = await checkFile(entry.path, entry, signal, onHashing);
    const superseded = check.status === 'changed' && (await savedOverBy(this.file.read(), entry, signal));
    return this.view(entry, superseded ? { status: 'missing', problem: null } : check);
  }

  private view(entry: ArchiveEntry, check?: FileCheck): ArchiveEntryView {
    return {
      entry,
      status: check?.status ?? null,
      checkedAt: check === undefined ? null : this.now().toISOString(),
      problem: check?.problem ?? null,
      reviewDue: isReviewDue(entry, this.options.retentionDays, this.now()),
    };
  }

  private mustGet(id: string): ArchiveEntry {
    return this.get(id) ?? notFound();
  }
}

/** True when the retention period has passed since the record was saved. */
export function isReviewDue(entry: ArchiveEntry, retentionDays: number | undefined, now: Date): boolean {
  const savedAt = Date.parse(entry.savedAt);
  return retentionDays !== undefined && Number.isFinite(savedAt) && now.getTime() - savedAt >= retentionDays * DAY_MS;
}

function matches(entry: ArchiveEntry, filter: ListFilter): boolean {
  return filter.nhsNumber === undefined || entry.nhsNumber === filter.nhsNumber;
}

function newestFirst(entries: ReadonlyArray<ArchiveEntry>): ArchiveEntry[] {
  const time = (iso: string) => Date.parse(iso) || 0;
  return [...entries].sort((a, b) => time(b.savedAt) - time(a.savedAt) || time(b.addedAt) - time(a.addedAt));
}

function notFound(): never {
  throw new ArchiveError('not-found', 'That ZIP is no longer in the archive. Refresh the list and try again.');
}

// A save never overwrites, so when a later archived save now sits at this path, this entry's own file is gone.
async function savedOverBy(entries: ReadonlyArray<ArchiveEntry>, entry: ArchiveEntry, signal?: AbortSignal): Promise<boolean> {
  for (const other of entries) {
    if (other.id !== entry.id && other.path === entry.path && (await checkFile(other.path, other, signal)).status === 'verified') {
      return true;
    }
  }
  return false;
}

// Never delete a file the archive cannot vouch for: it may now be something else entirely.
async function deleteIfUnchanged(entry: ArchiveEntry, signal?: AbortSignal): Promise<boolean> {
  const check = await checkFile(entry.path, entry, signal);
  if (check.status === 'missing' && check.problem === null) {
    return false;
  }
  if (check.status !== 'verified') {
    throw new ArchiveError(
      'file-changed',
      check.problem === null
        ? `${entry.path} has changed since it was saved, so the app cannot vouch for it and did not delete it. It is still in the archive. To stop listing it, remove it without deleting the file; delete the file yourself only if you are sure.`
        : `${check.problem} The file was not deleted and is still in the archive.`,
    );
  }
  await rm(entry.path).catch((error: unknown) => {
    throw fileError(error, entry.path);
  });
  return true;
}
