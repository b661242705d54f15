/**
 * Where the record PDF goes and how it gets there: `patient-record-<nhs>.pdf` beside the ZIP, under the same
 * name rules as the ZIP (a free name, "(1)", "(2)", … never over another file), written as it is built and appearing
 * under its name whole or not at all.
 */
import { basename, dirname, join } from 'node:path';
import { placeVerifiedFile } from '../save/place-file.js';
import { type Reservation, reserveName } from '../save/reservation.js';

/** "patient-record-9990000018.pdf". */
export function recordPdfFileName(nhsNumber: string): string {
  return `patient-record-${nhsNumber}.pdf`;
}

/** The wanted path of the record PDF for a saved ZIP: the same folder. */
export function recordPdfPathBeside(zipPath: string, nhsNumber: string): string {
  return join(dirname(zipPath), recordPdfFileName(nhsNumber));
}

/**
 * Claims the name for the PDF before it is built: `wantedPath`, or the next free "(n)" name when that is taken. The
 * bytes go to a '<name>.partial' file claimed with O_EXCL (reservation.ts) as they are made, so a folder that cannot
 * take the file is found before any work. Throws SaveError for the folder's problems.
 */
export function reserveRecordPdf(wantedPath: string): Promise<Reservation> {
  return reserveName(dirname(wantedPath), basename(wantedPath));
}

/**
 * Syncs the whole PDF and links it under its final name (place-file.ts), so an earlier record PDF is never replaced,
 * as writeFileAtomically's rename would. Resolves the final path.
 */
export async function placeRecordPdf(reservation: Reservation, signal?: AbortSignal): Promise<string> {
  await reservation.handle.sync();
  // Windows cannot link or rename a file that is still open.
  await reservation.handle.close();
  signal?.throwIfAborted();
  return placeVerifiedFile(reservation);
}

/** Gives the name up, leaving nothing in the folder. */
export { discardReservation as discardRecordPdf } from '../save/reservation.js';
