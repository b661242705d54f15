/** "Save a copy…": one document from inside a ZIP written to a file the user chose, and the name offered for it. */
import { writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SavedCopy } from '../../common/archive.js';
import { sanitiseEntryName } from '../download/entry-names.js';
import { systemErrorCode } from '../errors.js';
import { writeFileAtomically } from '../files/atomic-write.js';
import { ArchiveError } from './archive-error.js';
import { type OpenZip, type ScannedEntry, withZip } from './zip-file.js';

/** True when the ZIP holds a document (not a folder) with exactly this entry name. */
export async function hasZipEntry(file: string, entryName: string): Promise<boolean> {
  return withZip(file, (zip) => Promise.resolve(findDocument(zip, entryName) !== undefined));
}

/**
 * "Save a copy…": writes one document from inside a ZIP to `target`, atomically (main/files/atomic-write.ts), once
 * the whole entry was written and its CRC-32 checked. A failed copy leaves nothing behind.
 */
export async function copyZipEntry(file: string, entryName: string, target: string, signal?: AbortSignal): Promise<SavedCopy> {
  const destination = resolve(target);
  if (destination === resolve(file)) {
    throw new ArchiveError('save-failed', 'A copy cannot be saved over the ZIP it comes from. Choose another name or folder.');
  }
  await withZip(file, async (zip) => {
    const scanned = findDocument(zip, entryName);
    if (scanned === undefined) {
      throw new ArchiveError('entry-not-found', `The document "${entryName}" is not in ${file}.`);
    }
    try {
      // The copy holds patient data: for the current user only, like the archive index.
      await writeFileAtomically(
        destination,
        async (handle) => {
          // Synchronous writes keep memory bounded: the ZIP stream offers no back-pressure to its chunk callback.
          await zip.stream(scanned, { signal, onChunk: (chunk) => writeFully(handle.fd, chunk) });
        },
        { currentUserOnly: true },
      );
    } catch (error) {
      throw error instanceof ArchiveError || signal?.aborted === true ? error : saveFailed(destination, error);
    }
  });
  return { file: destination };
}

/** A file name for the copy: the entry's last path segment, cleaned by the rule the ZIP writer names entries with. */
export function copyName(entryName: string): string {
  return sanitiseEntryName(entryName.split(/[/\\]/u).at(-1) ?? '');
}

function findDocument(zip: OpenZip, entryName: string): ScannedEntry | undefined {
  return zip.entries.find((candidate) => candidate.name === entryName && !candidate.directory);
}

function writeFully(fd: number, chunk: Buffer): void {
  for (let written = 0; written < chunk.length; ) {
    written += writeSync(fd, chunk, written, chunk.length - written);
  }
}

function saveFailed(destination: string, error: unknown): ArchiveError {
  const code = systemErrorCode(error);
  const reason =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM'
        ? 'the app is not allowed to write there'
        : code === 'ENOENT'
          ? 'the folder does not exist'
          : (code ?? 'unknown problem');
  return new ArchiveError('save-failed', `The copy could not be saved as ${destination} (${reason}). Choose another folder and try again.`, { cause: error });
}
