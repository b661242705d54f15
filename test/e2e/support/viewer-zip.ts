/**
 * A saved ZIP for the viewer's browser tests: a three-page letter, a damaged scan, a landscape photo, a summary and
 * enough short notes that the table of documents is long (virtualised), with the app's manifest. The scan's bytes
 * are changed after its CRC was written, as a disk fault would, so the app finds it damaged and the rest still open.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { samplePdf } from '../../../main/sandbox/sample-files/pdf.js';
import { samplePng } from '../../../main/sandbox/sample-files/png.js';
import { type TestEntry, manifestFor, rawZip } from '../../unit/archive/archive-fixtures.js';

export const VIEWER_ZIP_NHS_NUMBER = '9990000018';
export const LETTER = 'Clinic letter.pdf';
export const LETTER_PAGES = 3;
export const DAMAGED = 'Referral scan.pdf';
/** Twice as wide as it is tall, so a quarter turn is plain to see. */
export const PHOTO = 'Wound photo.png';
export const SUMMARY = 'Discharge summary.pdf';
/** Past the 100 rows the table renders whole. */
export const NOTE_COUNT = 150;

export function noteName(number: number): string {
  return `Practice note ${String(number).padStart(3, '0')}.pdf`;
}

/** The documents in ZIP order: those the viewer's tests use first, then the notes. */
export function viewerZipEntries(): ReadonlyArray<TestEntry> {
  return [
    { name: LETTER, data: samplePdf('Clinic letter', { pages: LETTER_PAGES }) },
    { name: DAMAGED, data: samplePdf('Referral scan') },
    { name: PHOTO, data: samplePng(800, 400, 7) },
    { name: SUMMARY, data: samplePdf('Discharge summary') },
    ...Array.from({ length: NOTE_COUNT }, (_, index) => ({ name: noteName(index + 1), data: samplePdf(`Practice note ${index + 1}`) })),
  ];
}

/** Writes the ZIP into the folder and returns its path; the damaged entry's manifest record is of its good bytes. */
export async function writeViewerZip(folder: string): Promise<string> {
  const entries = viewerZipEntries();
  const bytes = rawZip([...entries, { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifestFor(entries, { nhsNumber: VIEWER_ZIP_NHS_NUMBER }))) }]);
  const damagedAt = storedDataOffset(entries, DAMAGED) + 20;
  bytes[damagedAt] = (bytes[damagedAt] ?? 0) ^ 0xff;
  const file = join(folder, `patient-record-${VIEWER_ZIP_NHS_NUMBER}.zip`);
  await writeFile(file, bytes);
  return file;
}

/** Where an entry's bytes start in rawZip's output: each entry is a 30-byte local header, its name, then its bytes. */
function storedDataOffset(entries: ReadonlyArray<TestEntry>, name: string): number {
  let offset = 0;
  for (const entry of entries) {
    const headerAndName = 30 + Buffer.byteLength(entry.name, 'utf8');
    if (entry.name === name) {
      return offset + headerAndName;
    }
    offset += headerAndName + entry.data.length;
  }
  throw new Error(`${name} is not in the viewer's ZIP`);
}
