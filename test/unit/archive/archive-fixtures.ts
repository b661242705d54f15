import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { openArchiveIndex, type ArchiveIndex, type ArchiveIndexOptions } from '../../../main/archive/archive-index.js';
import { confIndexStore } from '../../../main/archive/conf-index-store.js';
import { createZipWriter } from '../../../main/download/zip-writer.js';
import type { DownloadSummary } from '../../../common/download.js';
import { MANIFEST_FORMAT, type Manifest, type ManifestDocument } from '../../../common/manifest.js';

/** A document to put in a test ZIP. */
export interface TestEntry {
  readonly name: string;
  readonly data: Buffer;
}

/** A ZIP written the way the app writes them, with what a test needs to know about it. */
export interface OurZip {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly manifest: Manifest;
}

export const NHS_NUMBER = '9990000018';
export const OTHER_NHS_NUMBER = '9990000026';
export const PDF = Buffer.from('%PDF-1.4\n% a test page\n%%EOF\n');
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** The SHA-256 of bytes, as hex. */
export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A fresh temporary folder and a function that removes it. */
export async function tempFolder(prefix: string): Promise<{ readonly path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** An archive index on conf in the given data folder. */
export function openTestIndex(dataDir: string, options: Partial<ArchiveIndexOptions> = {}): ArchiveIndex {
  return openArchiveIndex({ store: confIndexStore(dataDir), ...options });
}

/** The manifest the app would write for these documents; `manifestSha256` overrides what it records per entry. */
export function manifestFor(entries: ReadonlyArray<TestEntry>, options: { nhsNumber?: string; manifestSha256?: Record<string, string>; absent?: string[] } = {}): Manifest {
  const included = [...entries.map((entry) => entry.name), ...(options.absent ?? [])].map(
    (name): ManifestDocument => ({
      id: randomUUID(),
      fileName: name,
      entryName: name,
      contentType: null,
      size: entries.find((entry) => entry.name === name)?.data.length ?? 0,
      sha256: options.manifestSha256?.[name] ?? sha256(entries.find((entry) => entry.name === name)?.data ?? Buffer.alloc(0)),
      uploaded: '2024-05-01T12:00:00.000Z',
      status: 'included',
    }),
  );
  const missing: ManifestDocument = { id: randomUUID(), fileName: 'Lost.pdf', entryName: null, contentType: null, size: null, sha256: null, uploaded: null, status: 'missing', error: 'The file was not found in storage.' };
  return {
    format: MANIFEST_FORMAT,
    nhsNumber: options.nhsNumber ?? NHS_NUMBER,
    correlationId: randomUUID(),
    createdAt: '2024-06-01T09:30:00.000Z',
    application: { name: 'Document Store Desktop', version: '0.1.0' },
    counts: { included: included.length, excluded: 0, missing: 1 },
    documents: [...included, missing],
  };
}

/** Writes a ZIP with createZipWriter (as the app does): the documents, then `manifest.json` unless it is null. */
export async function writeOurZip(file: string, entries: ReadonlyArray<TestEntry>, manifest: Manifest | null = manifestFor(entries)): Promise<OurZip> {
  const writer = createZipWriter(createWriteStream(file));
  for (const entry of entries) {
    await writer.addEntry(entry.name, Readable.from([entry.data]), { date: new Date(2024, 4, 1), compress: true });
  }
  if (manifest !== null) {
    await writer.addEntry('manifest.json', Readable.from([Buffer.from(JSON.stringify(manifest, null, 2))]), { date: new Date(2024, 4, 1), compress: true });
  }
  await writer.finish();
  const bytes = await readFile(file);
  return { file, sha256: sha256(bytes), bytes: bytes.length, manifest: manifest ?? manifestFor(entries) };
}

/** The summary the download job returns for a saved ZIP. */
export function summaryFor(zip: OurZip, savedAt = '2024-06-01T09:31:00.000Z'): DownloadSummary {
  const included = zip.manifest.documents.filter((document) => document.status === 'included');
  return {
    file: zip.file,
    sha256: zip.sha256,
    bytes: zip.bytes,
    included: included.map((document) => ({ id: document.id, fileName: document.fileName, entryName: document.entryName ?? '' })),
    missing: [{ id: randomUUID(), fileName: 'Lost.pdf', error: 'The file was not found in storage.' }],
    excluded: [],
    correlationId: zip.manifest.correlationId,
    zipLocation: 's3://test-zips/record.zip',
    traceId: randomUUID(),
    savedAt,
  };
}

/**
 * A ZIP built byte by byte (stored entries, no data descriptors), so a test controls every name exactly: archiver
 * and Python's zipfile would sanitise or refuse names such as `../evil.txt`.
 */
export function rawZip(entries: ReadonlyArray<TestEntry>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeCommonHeader(local, 4, nameBytes.length, crc, data.length);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    writeCommonHeader(central, 6, nameBytes.length, crc, data.length);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

// From "version needed" on, local and central headers share their layout up to the name length.
function writeCommonHeader(header: Buffer, at: number, nameLength: number, crc: number, size: number): void {
  header.writeUInt16LE(20, at);
  header.writeUInt16LE(0x800, at + 2);
  header.writeUInt16LE(0, at + 4);
  header.writeUInt16LE(0, at + 6);
  header.writeUInt16LE(0x5821, at + 8);
  header.writeUInt32LE(crc, at + 10);
  header.writeUInt32LE(size, at + 14);
  header.writeUInt32LE(size, at + 18);
  header.writeUInt16LE(nameLength, at + 22);
}

/** A ZIP made by another tool: Python's zipfile when there is a python3, else archiver with no manifest. */
export async function writeForeignZip(file: string, entries: ReadonlyArray<TestEntry>): Promise<'python' | 'archiver'> {
  const script = [
    'import sys, zipfile, base64, json',
    'entries = json.loads(sys.stdin.read())',
    'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:',
    '    for name, data in entries: z.writestr(name, base64.b64decode(data))',
  ].join('\n');
  try {
    execFileSync('python3', ['-c', script, file], { input: JSON.stringify(entries.map((entry) => [entry.name, entry.data.toString('base64')])), stdio: ['pipe', 'ignore', 'pipe'] });
    return 'python';
  } catch {
    await writeOurZip(file, entries, null);
    return 'archiver';
  }
}

/** Replaces one byte of a file in place (same size, different content). */
export async function flipByte(file: string, at: number): Promise<void> {
  const bytes = await readFile(file);
  bytes[at] = (bytes[at] ?? 0) ^ 0xff;
  await writeFile(file, bytes);
}
