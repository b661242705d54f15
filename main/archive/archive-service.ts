/** The archive as the window uses it: ids in, Results out, long work cancellable, one in-app view at a time. */
import {
  type ArchiveDocument,
  type ArchiveEntry,
  type ArchiveEntryView,
  type ArchiveImport,
  type ArchiveListing,
  type ArchiveProgress,
  type ArchiveRemoval,
  MAX_VIEW_BYTES,
  type SavedCopy,
  type ZipListing,
} from '../../common/archive.js';
import { parseNhsNumber } from '../../common/nhs-number.js';
import type { Result } from '../../common/result.js';
import { ArchiveError, archiveResult } from './archive-error.js';
import type { ArchiveIndex } from './archive-index.js';
import { fileSize } from './file-hash.js';
import { importZip } from './import-zip.js';
import { copyName, copyZipEntry, hasZipEntry } from './save-entry.js';
import { listZip, readZipEntry } from './zip-reader.js';

/** The desktop integrations the archive needs; main's `Platform` provides them (dialogs, file manager, default app). */
export interface ArchiveDesktop {
  /** "Add a ZIP…": a ZIP the user picked; undefined when they cancel. */
  chooseZip(): Promise<string | undefined>;
  /** "Locate…": where the user says this entry's ZIP is now; undefined when they cancel. */
  chooseLocation(entry: ArchiveEntry): Promise<string | undefined>;
  /** "Save a copy…": where to write one document; undefined when they cancel. */
  chooseSaveCopyPath(defaultName: string): Promise<string | undefined>;
  showInFolder(file: string): void;
  /** Resolves with an error text, or '' on success. */
  openFile(file: string): Promise<string>;
}

export interface ArchiveServiceOptions {
  /** Opens the index on first use; an index that cannot be read is then an archive error, not a crash. */
  readonly index: () => ArchiveIndex;
  readonly desktop: ArchiveDesktop;
  /** The largest document sent to the viewer; `MAX_VIEW_BYTES` unless the policy or a test says otherwise. */
  readonly maxViewBytes?: number | undefined;
  readonly now?: () => Date;
}

/**
 * The archive as the renderer uses it: every operation names an entry by id (the path comes from the index) and
 * returns a Result whose error message is written for practice users. Nothing here touches the network.
 */
export interface ArchiveService {
  list(filter: { readonly nhsNumber?: string }): Promise<Result<ArchiveListing>>;
  /** `onProgress` (here and below) hears how far hashing and listing have got; the caller throttles what it forwards. */
  verify(request: { readonly id: string } | { readonly all: true }, onProgress?: ProgressListener): Promise<Result<ReadonlyArray<ArchiveEntryView>>>;
  locate(id: string, onProgress?: ProgressListener): Promise<Result<ArchiveEntryView | null>>;
  remove(id: string, deleteFile: boolean): Promise<Result<ArchiveRemoval>>;
  open(id: string, onProgress?: ProgressListener): Promise<Result<ZipListing>>;
  readEntry(id: string, entryName: string): Promise<Result<ArchiveDocument>>;
  saveEntry(id: string, entryName: string): Promise<Result<SavedCopy | null>>;
  add(onProgress?: ProgressListener): Promise<Result<ArchiveImport | null>>;
  showInFolder(id: string): Promise<Result<null>>;
  openFile(id: string): Promise<Result<null>>;
  /** Stops every open, add, verify, locate, read and copy still running; each answers 'cancelled'. */
  cancel(): void;
}

type ProgressListener = (progress: ArchiveProgress) => void;

const CANCELLED = 'Stopped, as you asked. Nothing was changed.';
const SUPERSEDED_VIEW = 'Another document was opened, so reading this one was stopped.';

export function createArchiveService({ index, desktop, maxViewBytes = MAX_VIEW_BYTES, now = () => new Date() }: ArchiveServiceOptions): ArchiveService {
  // Opening the index inside the operation turns an unreadable index into an 'index-unreadable' Result.
  const run = <T>(operation: (archive: ArchiveIndex) => Promise<T>): Promise<Result<T>> => archiveResult(async () => operation(index()));
  const running = new Set<AbortController>();
  // One in-app view at a time: a new read stops the one before, whose viewer the window has already replaced.
  let viewing: AbortController | undefined;

  const cancellable = async <T>(operation: (archive: ArchiveIndex, signal: AbortSignal) => Promise<T>, controller = new AbortController()): Promise<Result<T>> => {
    running.add(controller);
    try {
      return await run((archive) => operation(archive, controller.signal));
    } catch (error) {
      if (controller.signal.aborted) {
        const reason: unknown = controller.signal.reason;
        return { ok: false, error: { code: 'cancelled', message: reason instanceof Error ? reason.message : CANCELLED } };
      }
      throw error;
    } finally {
      running.delete(controller);
    }
  };

  return {
    async list({ nhsNumber }) {
      let wanted: string | undefined;
      if (nhsNumber !== undefined) {
        const parsed = parseNhsNumber(nhsNumber);
        if (!parsed.ok) {
          return { ok: false, error: { code: 'invalid-nhs-number', message: parsed.message } };
        }
        wanted = parsed.value;
      }
      return run((archive) => {
        const entries = archive.list(wanted === undefined ? {} : { nhsNumber: wanted });
        return Promise.resolve({ entries, recovered: archive.recovered });
      });
    },
    verify(request, onProgress) {
      return cancellable(async (archive, signal) =>
        'all' in request ? archive.verifyAll({ signal, onHashing: onProgress }) : [await archive.verify(request.id, signal, onProgress)],
      );
    },
    locate(id, onProgress) {
      return cancellable(async (archive, signal) => {
        const chosen = await desktop.chooseLocation(entryOf(archive, id));
        if (chosen === undefined) {
          return null;
        }
        // relocate accepts the file only when its SHA-256 matches, so it is verified as of now.
        const moved = await archive.relocate(id, chosen, signal, onProgress);
        const listed = archive.list().find((view) => view.entry.id === id);
        return { entry: moved, status: 'verified', checkedAt: now().toISOString(), problem: null, reviewDue: listed?.reviewDue ?? false };
      });
    },
    remove(id, deleteFile) {
      return run(async (archive) => {
        const { entry, fileDeleted } = await archive.remove(id, { deleteFile });
        return { file: entry.path, fileDeleted };
      });
    },
    open(id, onProgress) {
      return cancellable((archive, signal) => listZip(entryOf(archive, id).path, { signal, onProgress, viewLimitBytes: maxViewBytes }));
    },
    async readEntry(id, entryName) {
      viewing?.abort(new Error(SUPERSEDED_VIEW));
      const controller = new AbortController();
      viewing = controller;
      try {
        return await cancellable(async (archive, signal) => {
          // Refused by its declared size before a byte is read: the window offers the system viewer instead.
          const document = await readZipEntry(entryOf(archive, id).path, entryName, { maxBytes: maxViewBytes, signal });
          const bytes = Buffer.from(document.bytes.buffer, document.bytes.byteOffset, document.bytes.byteLength);
          return { name: document.name, contentType: document.contentType, sha256: document.sha256, size: bytes.length, base64: bytes.toString('base64') };
        }, controller);
      } finally {
        if (viewing === controller) {
          viewing = undefined;
        }
      }
    },
    saveEntry(id, entryName) {
      return cancellable(async (archive, signal) => {
        const { path } = entryOf(archive, id);
        // Check first, so the user is not asked where to save a document that is not there.
        if (!(await hasZipEntry(path, entryName))) {
          throw new ArchiveError('entry-not-found', `The document "${entryName}" is not in ${path}.`);
        }
        const target = await desktop.chooseSaveCopyPath(copyName(entryName));
        return target === undefined ? null : copyZipEntry(path, entryName, target, signal);
      });
    },
    add(onProgress) {
      return cancellable(async (archive, signal) => {
        const chosen = await desktop.chooseZip();
        return chosen === undefined ? null : importZip(archive, chosen, signal, onProgress);
      });
    },
    showInFolder(id) {
      return run(async (archive) => {
        desktop.showInFolder(await presentFile(entryOf(archive, id)));
        return null;
      });
    },
    openFile(id) {
      return run(async (archive) => {
        const problem = await desktop.openFile(await presentFile(entryOf(archive, id)));
        if (problem !== '') {
          throw new ArchiveError('file-unreadable', `The ZIP could not be opened: ${problem}. Use "Show in folder" instead.`);
        }
        return null;
      });
    },
    cancel() {
      for (const controller of running) {
        controller.abort(new Error(CANCELLED));
      }
    },
  };
}

function entryOf(archive: ArchiveIndex, id: string): ArchiveEntry {
  const entry = archive.get(id);
  if (entry === undefined) {
    throw new ArchiveError('not-found', 'That ZIP is no longer in the archive. Refresh the list and try again.');
  }
  return entry;
}

/** The entry's path, once it is known to be a file there; otherwise the user is pointed at "Locate…". */
async function presentFile(entry: ArchiveEntry): Promise<string> {
  if ((await fileSize(entry.path)) === undefined) {
    throw new ArchiveError(
      'file-missing',
      `The file ${entry.path} cannot be found. It may have been moved, renamed or deleted; use "Locate…" to point at its new place.`,
    );
  }
  return entry.path;
}
