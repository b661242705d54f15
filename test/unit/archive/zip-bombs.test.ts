import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveProgress } from '../../../common/archive.js';
import { hashFile } from '../../../main/archive/file-hash.js';
import { importZip } from '../../../main/archive/import-zip.js';
import { withZip } from '../../../main/archive/zip-file.js';
import { DEFAULT_ZIP_LIMITS } from '../../../main/archive/zip-limits.js';
import { DAMAGED_ENTRY, PASSWORD_PROTECTED_ENTRY, listZip, readZipEntry } from '../../../main/archive/zip-reader.js';
import { PDF, PNG, openTestIndex, rawZip, sha256, tempFolder } from './archive-fixtures.js';
import { craftedZip, overlappingBomb } from './support/crafted-zip.js';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const LETTER = { name: 'Letter.pdf', content: PDF };

describe('ZIP bombs and damaged entries', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  const at = (name: string) => join(folder.path, name);
  const written = async (name: string, bytes: Buffer) => {
    await writeFile(at(name), bytes);
    return at(name);
  };

  beforeEach(async () => {
    folder = await tempFolder('zip-bombs');
  });
  afterEach(() => folder.remove());

  it('refuses a small ZIP whose directory declares 977 GiB from the directory alone, within seconds, for listing and import', async () => {
    const file = await written('bomb.zip', overlappingBomb(977, GIB));
    const started = Date.now();

    const expected = { code: 'too-large', message: expect.stringContaining('"ZIP bomb"') };
    await expect(listZip(file)).rejects.toMatchObject(expected);
    await expect(readZipEntry(file, 'part-0.pdf')).rejects.toMatchObject(expected);
    await expect(importZip(openTestIndex(folder.path), file)).rejects.toMatchObject(expected);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses entries that share their bytes, though each is honest about its size', async () => {
    const content = randomBytes(200_000);
    const file = await written('overlap.zip', craftedZip([0, 1, 2].map((index) => ({ name: `copy-${index}.pdf`, content, ...(index === 0 ? {} : { sharesBytesWith: 0 }) }))));

    await expect(listZip(file)).rejects.toMatchObject({ code: 'unsafe-entry', message: expect.stringContaining('overlap') });
  });

  it('refuses a ZIP listing more entries than any record has', async () => {
    const entries = Array.from({ length: DEFAULT_ZIP_LIMITS.maxEntries + 1 }, (_, index) => ({ name: `${index}.txt`, data: Buffer.from('x') }));
    const file = await written('many.zip', rawZip(entries));

    await expect(listZip(file)).rejects.toMatchObject({ code: 'too-large', message: expect.stringContaining('20,001 files') });
  });

  it('marks one entry that compresses like a bomb as refused, never inflates it, and still reads the others', async () => {
    const file = await written('one-bomb.zip', craftedZip([LETTER, { name: 'Blank.pdf', content: Buffer.alloc(64 * MIB), deflate: true }]));

    const listing = await listZip(file);

    expect(listing.entries).toEqual([
      expect.objectContaining({ name: 'Letter.pdf', status: 'readable', problem: null, sha256: sha256(PDF), viewable: true }),
      expect.objectContaining({ name: 'Blank.pdf', status: 'refused', problem: expect.stringContaining('"ZIP bomb"'), sha256: null, viewable: false }),
    ]);
    await expect(readZipEntry(file, 'Blank.pdf', { maxBytes: 100 * MIB })).rejects.toMatchObject({ code: 'unsafe-entry' });
    await expect(readZipEntry(file, 'Letter.pdf')).resolves.toMatchObject({ sha256: sha256(PDF) });
  });

  it('stops reading an entry the moment it yields more than it declares', async () => {
    const file = await written('liar.zip', craftedZip([{ name: 'Liar.pdf', content: Buffer.alloc(64 * MIB), deflate: true, declaredSize: MIB }, LETTER]));

    let delivered = 0;
    const streamed = withZip(file, async (zip) => {
      const liar = zip.entries.find((scanned) => scanned.name === 'Liar.pdf');
      if (liar === undefined) {
        throw new Error('no Liar.pdf');
      }
      return zip.stream(liar, { onChunk: (chunk) => (delivered += chunk.length) });
    });

    await expect(streamed).rejects.toMatchObject({ code: 'unsafe-entry', message: expect.stringContaining(`holds more than the ${MIB} bytes it declares`) });
    expect(delivered).toBeLessThanOrEqual(MIB);
    const listing = await listZip(file);
    expect(listing.entries.map((entry) => [entry.name, entry.status])).toEqual([
      ['Liar.pdf', 'refused'],
      ['Letter.pdf', 'readable'],
    ]);
  });

  it('marks a damaged entry (CRC-32, or fewer bytes than declared) and still lists the others, checked against nothing it cannot read', async () => {
    const bytes = rawZip([
      { name: 'Letter.pdf', data: PDF },
      { name: 'Scan.png', data: PNG },
    ]);
    const inLetter = 30 + 'Letter.pdf'.length + 2;
    bytes[inLetter] = (bytes[inLetter] ?? 0) ^ 0xff;
    const crcFile = await written('damaged.zip', bytes);
    const shortFile = await written('short.zip', craftedZip([{ name: 'Short.pdf', content: PDF, deflate: true, declaredSize: PDF.length + 10 }, LETTER]));

    const listing = await listZip(crcFile);

    expect(listing.entries).toEqual([
      expect.objectContaining({ name: 'Letter.pdf', status: 'unreadable', problem: DAMAGED_ENTRY, sha256: null }),
      expect.objectContaining({ name: 'Scan.png', status: 'readable', problem: null, sha256: sha256(PNG) }),
    ]);
    await expect(listZip(shortFile)).resolves.toMatchObject({ entries: [{ name: 'Short.pdf', status: 'unreadable', problem: DAMAGED_ENTRY }, { name: 'Letter.pdf', status: 'readable' }] });
  });

  it('marks a password-protected entry as such, not as damaged, and still lists the others', async () => {
    const file = await written('locked.zip', craftedZip([{ name: 'Locked.pdf', content: PDF, encrypted: true }, LETTER]));

    const listing = await listZip(file);

    expect(listing.entries).toEqual([
      expect.objectContaining({ name: 'Locked.pdf', status: 'unreadable', problem: PASSWORD_PROTECTED_ENTRY, sha256: null }),
      expect.objectContaining({ name: LETTER.name, status: 'readable', problem: null }),
    ]);
  });

  it('reports listing progress in bytes and stops when cancelled', async () => {
    const file = await written('big.zip', craftedZip([{ name: 'Scan.pdf', content: randomBytes(8 * MIB) }, LETTER]));
    const progress: ArchiveProgress[] = [];
    const controller = new AbortController();

    const listing = listZip(file, {
      signal: controller.signal,
      onProgress: (update) => {
        progress.push(update);
        controller.abort(new Error('stop'));
      },
    });

    await expect(listing).rejects.toThrow('stop');
    expect(progress).toHaveLength(1);
    expect(progress[0]).toMatchObject({ phase: 'listing', totalBytes: 8 * MIB + PDF.length });
    expect(progress[0]?.doneBytes).toBeLessThan(8 * MIB);
  });

  it('reports hashing progress in bytes and stops when cancelled', async () => {
    const file = await written('big.bin', randomBytes(8 * MIB));
    const progress: ArchiveProgress[] = [];
    const controller = new AbortController();

    const hashing = hashFile(file, controller.signal, (update) => {
      progress.push(update);
      controller.abort(new Error('stop'));
    });

    await expect(hashing).rejects.toThrow();
    expect(controller.signal.aborted).toBe(true);
    expect(progress[0]).toMatchObject({ phase: 'hashing', totalBytes: 8 * MIB });
    expect(progress.at(-1)?.doneBytes).toBeLessThan(8 * MIB);
  });
});
