/**
 * Where the record PDF goes and how it gets there: `patient-record-<nhs>.pdf` beside the ZIP, under the same
 * name rules as the ZIP (a free name, "(1)", "(2)", … never over another file), appearing whole or not at all.
 */
import { basename, dirname, join } from 'node:path';
import type { PDFDocument } from 'pdf-lib';
import { placeVerifiedFile } from '../save/place-file.js';
import { type Reservation, discardReservation, reserveName } from '../save/reservation.js';
import { writePdf } from './write-pdf.js';

/** "patient-record-9990000018.pdf". */
export function recordPdfFileName(nhsNumber: string): string {
  return `patient-record-${nhsNumber}.pdf`;
}

/** The wanted path of the record PDF for a saved ZIP: the same folder. */
export function recordPdfPathBeside(zipPath: string, nhsNumber: string): string {
  return join(dirname(zipPath), recordPdfFileName(nhsNumber));
}

export interface WrittenPdf {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Writes the document under `wantedPath`, or the next free "(n)" name when that is taken. The bytes go to a
 * '<name>.partial' file claimed with O_EXCL (reservation.ts), are synced, and are linked under the final name only
 * when whole (place-file.ts), so an earlier record PDF is never replaced, as writeFileAtomically's rename would.
 * Throws SaveError for the folder's problems; on any failure nothing is left in the folder.
 */
export async function writeRecordPdf(document: PDFDocument, wantedPath: string, signal?: AbortSignal): Promise<WrittenPdf> {
  signal?.throwIfAborted();
  const reservation: Reservation = await reserveName(dirname(wantedPath), basename(wantedPath));
  try {
    const written = await writePdf(document, reservation.handle, signal);
    await reservation.handle.sync();
    // Windows cannot link or rename a file that is still open.
    await reservation.handle.close();
    signal?.throwIfAborted();
    return { path: await placeVerifiedFile(reservation), ...written };
  } catch (error) {
    await discardReservation(reservation);
    throw error;
  }
}
