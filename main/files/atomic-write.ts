/**
 * The one atomic write: a file appears whole, with its final name, or not at all, even across a crash or power cut.
 *
 * The bytes go to a unique temporary file beside the target, are synced, renamed over the target, and the folder is
 * synced so the rename itself survives. A failure at any step removes the temporary file.
 */
import { randomUUID } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Read and write for the owner only, on POSIX. Windows ignores it (beyond the read-only flag): there the file takes
 * the default ACL of the folder it is in, which for the user's own folders is the user, SYSTEM and Administrators.
 */
export const CURRENT_USER_ONLY_MODE = 0o600;

export interface AtomicWriteOptions {
  readonly temporarySuffix?: string;
  /** Creates the file for the current user only (`CURRENT_USER_ONLY_MODE`) instead of the umask's default. */
  readonly currentUserOnly?: boolean;
}

/**
 * Writes `target` atomically; `write` fills the open temporary file (and may set its times).
 *
 * The temporary file is `<target>.<uuid><temporarySuffix>`: unique per write, so two writes of one target never share
 * it, and named so its owner can recognise one a crash left behind. Its mode is set at creation, so the bytes are
 * never readable by others even for a moment; the rename keeps it.
 */
export async function writeFileAtomically(
  target: string,
  write: (handle: FileHandle) => Promise<void>,
  { temporarySuffix = '.partial', currentUserOnly = false }: AtomicWriteOptions = {},
): Promise<void> {
  const temporary = `${target}.${randomUUID()}${temporarySuffix}`;
  const handle = await open(temporary, 'wx', currentUserOnly ? CURRENT_USER_ONLY_MODE : 0o666);
  try {
    try {
      await write(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(target));
}

/** Makes a rename in `directory` durable on POSIX. Windows cannot open a folder for syncing; NTFS journals the rename. */
export async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Not supported on this platform or file system.
  } finally {
    await handle?.close();
  }
}
