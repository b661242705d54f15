import { createThrottle } from '../throttle.js';
import { backgroundSync } from './background-sync.js';
import { checkFreeSpace } from './free-space.js';
import { placeVerifiedFile } from './place-file.js';
import { type Reservation, discardReservation, reserveName } from './reservation.js';
import { downloadWithResumes } from './resume.js';
import { saveError, toSaveError } from './save-error.js';
import { type ReportProgress, type ReservedSaveRequest, type SaveJob, startTransfer } from './save-job.js';
import { verify } from './verify.js';

// A save from end to end: into a reserved name, checked for space, downloaded with resumes, verified, then placed
// under its final name; on any failure the partial file goes and nothing is left in the folder.

/** What to download, where to put it, and what it must hash to. */
export interface SaveRequest extends ReservedSaveRequest {
  /** Absolute folder path chosen by the user. */
  readonly folder: string;
  /** Wanted file name, e.g. 'patient-record-9990000018.zip'; 'name(1).zip', 'name(2).zip', … when taken. */
  readonly fileName: string;
}

/** The verified file as it now sits in the user's folder. */
export interface SavedFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

const PROGRESS_INTERVAL_MS = 100;

/** Downloads the ZIP into the chosen folder under a free name, verified by size and SHA-256; throws SaveError. */
export async function saveToFolder(request: SaveRequest): Promise<SavedFile> {
  if (request.signal?.aborted === true) {
    throw saveError('cancelled', request.folder, request.signal.reason);
  }
  return saveReserved(await reserveName(request.folder, request.fileName), request);
}

/**
 * Saves into a name reserved beforehand (reservation.ts), taking the reservation over: the partial file becomes the
 * saved file, or is removed on failure. Throws SaveError.
 */
export async function saveReserved(reservation: Reservation, request: ReservedSaveRequest): Promise<SavedFile> {
  try {
    request.signal?.throwIfAborted();
    await checkFreeSpace(reservation.folder, request.expectedBytes);
    const job: SaveJob = {
      request,
      folder: reservation.folder,
      handle: reservation.handle,
      transfer: startTransfer(request.url),
      report: progressReporter(request),
      syncer: backgroundSync(reservation.handle),
    };
    await downloadWithResumes(job);
    const sha256 = await verify(job);
    // Windows cannot rename a file that is still open.
    await reservation.handle.close();
    request.signal?.throwIfAborted();
    return { path: await placeVerifiedFile(reservation), bytes: request.expectedBytes, sha256 };
  } catch (error) {
    await discardReservation(reservation);
    throw toSaveError(error, reservation.folder, request.signal);
  }
}

function progressReporter(request: ReservedSaveRequest): ReportProgress {
  const throttle = createThrottle(PROGRESS_INTERVAL_MS);
  return (phase, bytesDone, force = false) => {
    if (request.onProgress !== undefined && throttle(force)) {
      request.onProgress({ phase, bytesDone, bytesTotal: request.expectedBytes });
    }
  };
}
