import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediaTypeOf } from '../../../common/media-types.js';
import { unsafeNameReason } from '../../../main/archive/zip-names.js';
import { DAMAGED_ENTRY, listZip, readZipEntry, readZipManifest } from '../../../main/archive/zip-reader.js';
import { PDF, PNG, manifestFor, rawZip, sha256, tempFolder, writeForeignZip, writeOurZip } from './archive-fixtures.js';

const LETTER = { name: 'Letter.pdf', data: PDF };
const SCAN = { name: 'Scan.png', data: PNG };
const NOTES = { name: 'Notes.tiff', data: Buffer.from('II*\0 not really a tiff') };

describe('listZip and readZipEntry', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  const at = (name: string) => join(folder.path, name);

  beforeEach(async () => {
    folder = await tempFolder('zip-reader');
  });
  afterEach(() => folder.remove());

  it('lists a ZIP the app saved, every document matching its manifest', async () => {
    const zip = await writeOurZip(at('ours.zip'), [LETTER, SCAN, NOTES]);

    const listing = await listZip(zip.file);

    expect(listing.entries).toEqual([
      expect.objectContaining({ name: 'Letter.pdf', size: PDF.length, contentType: 'application/pdf', viewable: true, sha256: sha256(PDF), check: 'matches' }),
      expect.objectContaining({ name: 'Scan.png', contentType: 'image/png', viewable: true, check: 'matches' }),
      expect.objectContaining({ name: 'Notes.tiff', contentType: 'image/tiff', viewable: false, check: 'matches' }),
    ]);
    expect(listing.entries[0]?.document).toMatchObject({ fileName: 'Letter.pdf', status: 'included' });
    expect(listing.manifest).toEqual({ manifest: zip.manifest, absentEntries: [], verified: true });
    expect(listing.manifestProblem).toBeNull();
  });

  it('detects a document that differs from the manifest, one the manifest does not list, and one that is gone', async () => {
    const manifest = manifestFor([LETTER, SCAN], { manifestSha256: { 'Scan.png': sha256(Buffer.from('the original scan')) }, absent: ['Removed.pdf'] });
    const zip = await writeOurZip(at('tampered.zip'), [LETTER, SCAN, NOTES], manifest);

    const listing = await listZip(zip.file);

    expect(listing.entries.map((entry) => [entry.name, entry.check])).toEqual([
      ['Letter.pdf', 'matches'],
      ['Scan.png', 'differs'],
      ['Notes.tiff', 'not-in-manifest'],
    ]);
    expect(listing.manifest).toMatchObject({ absentEntries: ['Removed.pdf'], verified: false });
  });

  it('lists a ZIP made by another tool, without a manifest', async () => {
    const file = at('foreign.zip');
    await writeForeignZip(file, [LETTER, { name: 'folder/Scan.png', data: PNG }]);

    const listing = await listZip(file);

    expect(listing.entries.map((entry) => [entry.name, entry.check, entry.sha256])).toEqual([
      ['Letter.pdf', 'not-in-manifest', sha256(PDF)],
      ['folder/Scan.png', 'not-in-manifest', sha256(PNG)],
    ]);
    expect(listing.manifest).toBeNull();
    expect(listing.manifestProblem).toBeNull();
    await expect(readZipManifest(file)).resolves.toBeNull();
  });

  it('lists a manifest.json it did not write as an ordinary document, and says why it was not used', async () => {
    const file = at('other-manifest.zip');
    await writeForeignZip(file, [LETTER, { name: 'manifest.json', data: Buffer.from('{"files": ["Letter.pdf"]}') }]);

    const listing = await listZip(file);

    expect(listing.entries.map((entry) => entry.name)).toEqual(['Letter.pdf', 'manifest.json']);
    expect(listing.manifest).toBeNull();
    expect(listing.manifestProblem).toContain('not written by this app');
  });

  it('reads one document into memory for viewing', async () => {
    const zip = await writeOurZip(at('ours.zip'), [LETTER, SCAN]);

    const document = await readZipEntry(zip.file, 'Scan.png');

    expect(document).toEqual({ name: 'Scan.png', contentType: 'image/png', sha256: sha256(PNG), bytes: PNG });
    await expect(readZipEntry(zip.file, 'Other.pdf')).rejects.toMatchObject({ code: 'entry-not-found' });
    await expect(readZipEntry(zip.file, 'Letter.pdf', { maxBytes: 10 })).rejects.toMatchObject({ code: 'too-large', message: expect.stringContaining('too large to show') });
  });

  it('gives a clear error for a truncated ZIP', async () => {
    const zip = await writeOurZip(at('cut.zip'), [LETTER, SCAN]);
    await truncate(zip.file, Math.floor(zip.bytes / 2));

    const error = listZip(zip.file);

    await expect(error).rejects.toMatchObject({ code: 'not-a-zip', message: expect.stringMatching(/^This file is not a readable ZIP: .*cut\.zip\. It may be incomplete/) });
  });

  it('gives the same clear error for a file that is not a ZIP at all, and a plain one for no file', async () => {
    await writeFile(at('letter.zip'), 'Dear Dr Smith, …');
    await expect(listZip(at('letter.zip'))).rejects.toMatchObject({ code: 'not-a-zip', message: expect.stringContaining('This file is not a readable ZIP') });
    await expect(listZip(at('nothing.zip'))).rejects.toMatchObject({ code: 'file-missing', message: expect.stringContaining('cannot be found') });
  });

  it('notices a damaged document whose stored bytes no longer match its CRC-32', async () => {
    const bytes = rawZip([LETTER, SCAN]);
    const inLetter = 30 + 'Letter.pdf'.length + 2;
    bytes[inLetter] = (bytes[inLetter] ?? 0) ^ 0xff;
    await writeFile(at('damaged.zip'), bytes);

    const listed = await listZip(at('damaged.zip'));
    expect(listed).toMatchObject({ entries: [{ name: 'Letter.pdf', status: 'unreadable', problem: DAMAGED_ENTRY }, { name: 'Scan.png', status: 'readable', problem: null }] });
    expect(listed.entries[0]?.problem).not.toMatch(/CRC|checksum|Detail|\.zip/u);
    await expect(readZipEntry(at('damaged.zip'), 'Letter.pdf')).rejects.toMatchObject({ code: 'not-a-zip', message: expect.stringContaining('"Letter.pdf" inside it is damaged') });
    await expect(readZipEntry(at('damaged.zip'), 'Scan.png')).resolves.toMatchObject({ bytes: PNG });
  });

  it.each(['../evil.txt', '..\\evil.txt', 'docs/../../evil.txt', '/etc/evil.txt', '\\\\server\\share\\evil.txt', 'C:/evil.txt', 'c:evil.txt', '.. /evil.txt', 'docs/.../evil.txt'])(
    'rejects a ZIP with an entry named %j, naming it, before reading any content',
    async (name) => {
      const bytes = rawZip([LETTER, { name, data: Buffer.from('pwned') }]);
      expect(bytes.includes(Buffer.from(name))).toBe(true);
      await writeFile(at('slip.zip'), bytes);

      const expected = { code: 'unsafe-entry', message: expect.stringContaining(`entry named ${JSON.stringify(name)}`) };
      await expect(listZip(at('slip.zip'))).rejects.toMatchObject(expected);
      await expect(readZipEntry(at('slip.zip'), 'Letter.pdf')).rejects.toMatchObject(expected);
    },
  );

  it('rejects a ZIP with two entries of the same name, which tools could show differently', async () => {
    await writeFile(at('twice.zip'), rawZip([LETTER, { name: 'Letter.pdf', data: Buffer.from('other') }]));
    await expect(listZip(at('twice.zip'))).rejects.toMatchObject({ code: 'unsafe-entry' });
  });

  it('keeps the manifest check when the ZIP is read back from disk byte for byte', async () => {
    const zip = await writeOurZip(at('ours.zip'), [LETTER]);
    await writeFile(at('copy.zip'), await readFile(zip.file));
    await expect(listZip(at('copy.zip'))).resolves.toMatchObject({ manifest: { verified: true } });
  });
});

describe('entry names', () => {
  it.each(['Letter.pdf', 'folder/Letter.pdf', 'folder\\Letter.pdf', '..letter.pdf', 'a..b/c.pdf', './Letter.pdf'])('accepts %j', (name) => {
    expect(unsafeNameReason(name)).toBeUndefined();
  });

  it('knows the content types it can show, and nothing from the prototype', () => {
    expect(['a.PDF', 'b.jpeg', 'c.JPG', 'd.webp', 'e.gif', 'f.docx', 'g.constructor'].map(mediaTypeOf)).toEqual([
      'application/pdf',
      'image/jpeg',
      'image/jpeg',
      'image/webp',
      'image/gif',
      null,
      null,
    ]);
  });
});
