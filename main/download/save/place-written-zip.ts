import { saveError, fsSaveError, toSaveError } from './save-error.js';
import { placeVerifiedFile } from './place-file.js';
import { type Reservation, discardReservation } from './reservation.js';
import type { SavedFile } from './save-to-folder.js';

// Single pass: the ZIP was written straight into the reserved `.partial` (local-zip-output.ts), hashed from the very
// buffers handed to the file and made durable (fsync). What is checked before it takes its name is what the seed's
// order checks after its download: every byte reached the file (the size on disk is the size written and hashed),
// and the SHA-256 is the one the trace row and the audit recorded. Reading the file back would read the same page
// cache the writes just filled, proving nothing more; a later reader (the background trace copy) re-hashes it anyway
// and refuses a file that no longer matches.

/** Verifies the written `.partial` and places it under its final name; takes the reservation over. Throws SaveError. */
export async function placeWrittenZip(reservation: Reservation, written: { readonly bytes: number; readonly sha256: string }, signal?: AbortSignal): Promise<SavedFile> {
  try {
    signal?.throwIfAborted();
    const size = await reservation.handle.stat().then(
      (stat) => stat.size,
      (error: unknown) => {
        throw fsSaveError(error, reservation.folder);
      },
    );
    if (size !== written.bytes) {
      throw saveError('verification-failed', reservation.folder);
    }
    // Windows cannot rename a file that is still open.
    await reservation.handle.close();
    signal?.throwIfAborted();
    return { path: await placeVerifiedFile(reservation), bytes: written.bytes, sha256: written.sha256 };
  } catch (error) {
    await discardReservation(reservation);
    throw toSaveError(error, reservation.folder, signal);
  }
}
