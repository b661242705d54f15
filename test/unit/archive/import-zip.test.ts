import { stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveIndex } from '../../../main/archive/archive-index.js';
import { importZip } from '../../../main/archive/import-zip.js';
import { NHS_NUMBER, PDF, PNG, manifestFor, openTestIndex, sha256, tempFolder, writeForeignZip, writeOurZip } from './archive-fixtures.js';

const LETTER = { name: 'Letter.pdf', data: PDF };
const SCAN = { name: 'Scan.png', data: PNG };

describe('importZip ("Add a ZIP…")', () => {
  let dataDir: Awaited<ReturnType<typeof tempFolder>>;
  let files: Awaited<ReturnType<typeof tempFolder>>;
  let index: ArchiveIndex;

  beforeEach(async () => {
    dataDir = await tempFolder('import-data');
    files = await tempFolder('import-files');
    index = openTestIndex(dataDir.path);
  });
  afterEach(async () => {
    await Promise.all([dataDir.remove(), files.remove()]);
  });

  it('adds a colleague\'s ZIP with its manifest verified and its details taken from the manifest', async () => {
    const zip = await writeOurZip(join(files.path, 'from-colleague.zip'), [LETTER, SCAN]);

    const imported = await importZip(index, zip.file);

    expect(imported.alreadyArchived).toBe(false);
    expect(imported.listing.entries.map((entry) => entry.check)).toEqual(['matches', 'matches']);
    expect(imported.entry).toMatchObject({
      source: 'import',
      nhsNumber: NHS_NUMBER,
      savedAt: zip.manifest.createdAt,
      path: zip.file,
      bytes: zip.bytes,
      sha256: zip.sha256,
      documentCount: 2,
      missingCount: 1,
      correlationId: zip.manifest.correlationId,
      environment: null,
      documents: zip.manifest.documents,
      manifestVerified: true,
    });
    expect(index.list().map((view) => view.entry)).toEqual([imported.entry]);
  });

  it('adds a ZIP that does not match its manifest, marked so', async () => {
    const manifest = manifestFor([LETTER, SCAN], { manifestSha256: { 'Letter.pdf': sha256(Buffer.from('original')) } });
    const zip = await writeOurZip(join(files.path, 'tampered.zip'), [LETTER, SCAN], manifest);

    const imported = await importZip(index, zip.file);

    expect(imported.entry.manifestVerified).toBe(false);
    expect(imported.listing.entries.find((entry) => entry.name === 'Letter.pdf')?.check).toBe('differs');
  });

  it('adds a ZIP from another tool: no NHS number, no manifest check, dated by the file', async () => {
    const file = join(files.path, 'scanner-export.zip');
    await writeForeignZip(file, [LETTER, SCAN]);

    const imported = await importZip(index, file);

    expect(imported.entry).toMatchObject({ source: 'import', nhsNumber: null, documentCount: 2, missingCount: 0, correlationId: null, documents: [] });
    expect(imported.entry.savedAt).toBe((await stat(file)).mtime.toISOString());
    expect(imported.entry).not.toHaveProperty('manifestVerified');
  });

  it('refuses a truncated ZIP with a clear error, adding nothing', async () => {
    const zip = await writeOurZip(join(files.path, 'cut.zip'), [LETTER, SCAN]);
    await truncate(zip.file, zip.bytes - 30);

    await expect(importZip(index, zip.file)).rejects.toMatchObject({ code: 'not-a-zip', message: expect.stringContaining('This file is not a readable ZIP') });
    expect(index.list()).toEqual([]);
  });

  it('does not add the same file twice', async () => {
    const zip = await writeOurZip(join(files.path, 'once.zip'), [LETTER]);
    const first = await importZip(index, zip.file);

    const second = await importZip(index, zip.file);

    expect(second).toMatchObject({ alreadyArchived: true, entry: first.entry });
    expect(index.list()).toHaveLength(1);
  });
});
