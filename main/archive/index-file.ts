/** The archive index's file: validated reads, whole writes for the current user only, and damage moved aside. */
import { chmodSync, existsSync, renameSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import type { ArchiveEntry, ArchiveRecovery } from '../../common/archive.js';
import type { KeyValueStore } from '../settings/settings-store.js';
import { systemErrorCode } from '../errors.js';
import { CURRENT_USER_ONLY_MODE } from '../files/atomic-write.js';
import { ArchiveError } from './archive-error.js';
import { INDEX_FORMAT, indexContentSchema } from './archive-schema.js';

/** The key-value store the index lives in (conf under Node, electron-store in the app), with its file's path. */
export interface IndexStore extends KeyValueStore {
  readonly path: string;
}

/** Opens the store; the path is known up front so a file that cannot even be opened can still be moved aside. */
export interface IndexStoreFactory {
  readonly path: string;
  /** May throw when the file is not valid JSON, as conf and electron-store do with `clearInvalidConfig: false`. */
  open(): IndexStore;
}

/** The index file: reads validated entries, writes them whole, and moves a damaged file aside instead of emptying it. */
export class IndexFile {
  private store: IndexStore | undefined;
  private recovery: ArchiveRecovery | null = null;

  constructor(
    private readonly factory: IndexStoreFactory,
    private readonly now: () => Date,
  ) {
    this.store = this.openStore();
  }

  /** Set once a damaged file was moved aside in this session. */
  get recovered(): ArchiveRecovery | null {
    return this.recovery;
  }

  /** The entries; a damaged file is moved aside and reads as a fresh, empty index. */
  read(): ArchiveEntry[] {
    try {
      return [...(this.parsed().entries ?? [])];
    } catch (error) {
      if (error instanceof ArchiveError) {
        throw error;
      }
      this.recoverFrom(error);
      return [];
    }
  }

  /** Reads, changes and writes in one synchronous step, so nothing else in this process interleaves. */
  update<T>(change: (entries: ArchiveEntry[]) => { readonly entries: ArchiveEntry[]; readonly result: T }): T {
    const { entries, result } = change(this.read());
    try {
      this.write(entries);
    } catch (error) {
      this.recoverFrom(error);
      this.write(entries);
    }
    return result;
  }

  private parsed(): z.infer<typeof indexContentSchema> {
    const store = this.current();
    const content = indexContentSchema.parse({ format: store.get('format'), entries: store.get('entries') });
    if (content.format !== undefined && content.format !== INDEX_FORMAT) {
      throw new ArchiveError(
        'index-unreadable',
        `The archive list (${this.factory.path}) was written by a newer version of the app. Update the app to see it; nothing was changed.`,
      );
    }
    return content;
  }

  private write(entries: ReadonlyArray<ArchiveEntry>): void {
    const store = this.current();
    if (store.get('format') !== INDEX_FORMAT) {
      store.set('format', INDEX_FORMAT);
    }
    store.set('entries', entries);
    restrictToCurrentUser(this.factory.path);
  }

  private current(): IndexStore {
    this.store ??= this.openStore();
    return this.store;
  }

  private openStore(): IndexStore {
    let store: IndexStore;
    try {
      store = this.factory.open();
    } catch (error) {
      this.recoverFrom(error);
      store = this.factory.open();
    }
    restrictToCurrentUser(this.factory.path);
    return this.checkedPath(store);
  }

  // A store opened elsewhere (a wrong name or folder) would look like an empty archive.
  private checkedPath(store: IndexStore): IndexStore {
    if (store.path !== this.factory.path) {
      throw new Error(`The archive index opened ${store.path}, not ${this.factory.path}`);
    }
    return store;
  }

  private recoverFrom(error: unknown): void {
    if (!isDamage(error)) {
      throw unreadable(this.factory.path, error);
    }
    this.store = undefined;
    const movedTo = moveAside(this.factory.path, this.now());
    if (movedTo !== undefined) {
      this.recovery = {
        movedTo,
        message: `The archive list could not be read, so it was set aside as ${movedTo} and a new, empty list was started. Your ZIP files are untouched: add them again with "Add a ZIP…", or ask your IT service desk to restore the list.`,
      };
    }
  }
}

/**
 * The store is opened with the current-user-only mode, but a file written before that (or by an opener that drops the
 * option) would stay readable by others; POSIX only, see CURRENT_USER_ONLY_MODE for Windows.
 */
function restrictToCurrentUser(file: string): void {
  if (process.platform === 'win32') {
    return;
  }
  try {
    chmodSync(file, CURRENT_USER_ONLY_MODE);
  } catch (error) {
    if (systemErrorCode(error) !== 'ENOENT') {
      throw unreadable(file, error);
    }
  }
}

// Only content problems count as damage; a permission or disk error must never make the index look empty.
function isDamage(error: unknown): boolean {
  return (
    error instanceof z.ZodError ||
    (error instanceof Error && (error.name === 'SyntaxError' || error.message.startsWith('Config schema violation')))
  );
}

function unreadable(file: string, error: unknown): ArchiveError {
  const reason = systemErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
  return new ArchiveError(
    'index-unreadable',
    `The archive list (${file}) cannot be read or written (${reason}). Nothing was changed. Check that the app's data folder is available, then try again.`,
    { cause: error },
  );
}

/** Renames the damaged file to `<name>.corrupt-<timestamp>.json`; undefined when another process already did. */
function moveAside(file: string, now: Date): string | undefined {
  const extension = extname(file);
  const stamp = now.toISOString().replace(/[:.]/gu, '-');
  const target = freeName(join(dirname(file), `${basename(file, extension)}.corrupt-${stamp}`), extension);
  try {
    renameSync(file, target);
    return target;
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') {
      return undefined;
    }
    throw unreadable(file, error);
  }
}

// rename() would replace an earlier set-aside copy with the same timestamp; its content must survive too.
function freeName(stem: string, extension: string): string {
  let candidate = `${stem}${extension}`;
  for (let index = 1; existsSync(candidate); index++) {
    candidate = `${stem}-${index}${extension}`;
  }
  return candidate;
}
