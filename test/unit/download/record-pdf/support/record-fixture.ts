/**
 * Saved records for the record-PDF tests and bench: a ZIP written as the app writes it (createZipWriter, then
 * manifest.json) from documents made one at a time, so even a 1 GB record never sits in memory, and the documents:
 * small PDFs made with pdf-lib, the sandbox's PNG and JPEG samples, an encrypted and a damaged PDF, noise-filled
 * PDFs and images of a chosen size.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import { MANIFEST_ENTRY_NAME, MANIFEST_FORMAT, type Manifest, type ManifestDocument } from '../../../../../common/manifest.js';
import { type RecordPdfInput, recordPdfPathBeside } from '../../../../../main/download/record-pdf/record-pdf.js';
import { createZipWriter } from '../../../../../main/download/zip-writer.js';
import { sampleJpeg } from '../../../../../main/sandbox/sample-files/jpeg.js';

export interface FixtureDocument {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly contentType?: string;
}

/**
 * A small saved record in `folder` and what builds its PDF: a two-page letter and a photo, which are merged, and a text
 * note, which stays in the ZIP only.
 */
export async function sampleRecordInput(folder: string, overrides: Partial<RecordPdfInput> = {}, nhsNumber = '9990000018'): Promise<RecordPdfInput> {
  const zipPath = join(folder, `patient-record-${nhsNumber}.zip`);
  const manifest = await writeRecordZip(
    zipPath,
    [
      { name: 'Referral letter.pdf', bytes: await textPdf('Referral letter', 2), contentType: 'application/pdf' },
      { name: 'Scan of card.jpg', bytes: sampleJpeg(3), contentType: 'image/jpeg' },
      { name: 'Notes.txt', bytes: Buffer.from('Seen in clinic.\n'), contentType: 'text/plain' },
    ],
    nhsNumber,
  );
  return {
    zipPath,
    manifest,
    patient: { nhsNumber, name: 'Amelia Rose HARTLEY' },
    savedBy: 'Practice manager',
    savedAt: new Date('2026-12-03T14:05:00Z'),
    outputPath: recordPdfPathBeside(zipPath, nhsNumber),
    ...overrides,
  };
}

/** Writes the record's ZIP: each document as it comes, then its manifest (newest first, in the order given). */
export async function writeRecordZip(
  file: string,
  documents: Iterable<FixtureDocument> | AsyncIterable<FixtureDocument>,
  nhsNumber = '9990000018',
): Promise<Manifest> {
  const writer = createZipWriter(createWriteStream(file));
  const listed: ManifestDocument[] = [];
  const start = Date.parse('2026-11-30T10:00:00Z');
  for await (const document of documents) {
    await writer.addEntry(document.name, Readable.from([Buffer.from(document.bytes)]), { date: new Date(start), compress: true });
    listed.push({
      id: randomUUID(),
      fileName: document.name,
      entryName: document.name,
      contentType: document.contentType ?? null,
      size: document.bytes.length,
      sha256: createHash('sha256').update(document.bytes).digest('hex'),
      uploaded: new Date(start - listed.length * 86_400_000).toISOString(),
      status: 'included',
    });
  }
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    nhsNumber,
    correlationId: randomUUID(),
    createdAt: new Date(start).toISOString(),
    application: { name: 'Document Store Desktop', version: '0.1.0' },
    counts: { included: listed.length, excluded: 0, missing: 0 },
    documents: listed,
  };
  await writer.addEntry(MANIFEST_ENTRY_NAME, Readable.from([Buffer.from(JSON.stringify(manifest))]), { date: new Date(start), compress: true });
  await writer.finish();
  return manifest;
}

/** A PDF whose pages each show `title` and "Page n of m" in Helvetica. */
export async function textPdf(title: string, pages: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let index = 0; index < pages; index++) {
    const page = document.addPage([595.28, 841.89]);
    page.drawText(`${title} - page ${index + 1} of ${pages}`, { x: 72, y: 760, size: 14, font });
  }
  // A classic trailer, so encryptedPdf can add /Encrypt to it.
  return document.save({ useObjectStreams: false });
}

/** A one-page PDF whose page shows an uncompressed image of random pixels, about `bytes` long. */
export async function noisePdf(title: string, bytes: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const page = document.addPage([595.28, 841.89]);
  const side = Math.max(1, Math.floor(Math.sqrt(bytes / 3)));
  const image = document.context.register(
    document.context.stream(randomBytes(side * side * 3), { Type: 'XObject', Subtype: 'Image', Width: side, Height: side, ColorSpace: 'DeviceRGB', BitsPerComponent: 8 }),
  );
  const name = page.node.newXObject('Noise', image);
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(400, 0, 0, 400, 97, 300), drawObject(name), popGraphicsState());
  const font = await document.embedFont(StandardFonts.Helvetica);
  page.drawText(title, { x: 72, y: 760, size: 14, font });
  return document.save();
}

/** An 8-bit RGB PNG of random pixels, about `bytes` long (noise does not compress). */
export function noisePng(bytes: number): Buffer {
  const side = Math.max(1, Math.floor(Math.sqrt(bytes / 3)));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: Buffer[] = [];
  for (let row = 0; row < side; row++) {
    rows.push(Buffer.from([0]), randomBytes(side * 3));
  }
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(Buffer.concat(rows), { level: 1 })), pngChunk('IEND', Buffer.alloc(0))]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid JPEG grown to about `bytes` with comment segments of random bytes (viewers skip them; so does pdf-lib). */
export function paddedJpeg(jpeg: Buffer, bytes: number): Buffer {
  const comments: Buffer[] = [];
  for (let left = bytes - jpeg.length; left > 4; left -= 65_537) {
    const payload = randomBytes(Math.min(65_533, left - 4));
    const header = Buffer.from([0xff, 0xfe, 0, 0]);
    header.writeUInt16BE(payload.length + 2, 2);
    comments.push(header, payload);
  }
  // Straight after SOI, before any other segment.
  return Buffer.concat([jpeg.subarray(0, 2), ...comments, jpeg.subarray(2)]);
}

/** A PDF whose trailer says it is encrypted (RC4, 40-bit): pdf-lib refuses to copy its pages. */
export async function encryptedPdf(): Promise<Buffer> {
  const plain = Buffer.from(await textPdf('Encrypted letter', 1)).toString('latin1');
  const encrypt = `/Encrypt << /Filter /Standard /V 1 /R 2 /O <${'00'.repeat(32)}> /U <${'00'.repeat(32)}> /P -4 >>`;
  return Buffer.from(plain.replace(/trailer\s*<</u, `trailer\n<< ${encrypt}`), 'latin1');
}

/** A file that starts like a PDF and is then garbage: no objects, no pages. */
export function damagedPdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(2048)]);
}

/** True when the PDF's trailer names an /Encrypt dictionary (checks the fixture did what it says). */
export async function isEncrypted(bytes: Uint8Array): Promise<boolean> {
  const document = await PDFDocument.load(bytes, { ignoreEncryption: true });
  return document.context.trailerInfo.Encrypt !== undefined || document.catalog.has(PDFName.of('Encrypt'));
}
