// @vitest-environment node
/**
 * Documents read back from the saved ZIP one at a time: each read holds exactly that document's bytes, though every
 * document up to REUSED_BUFFER_BYTES is read into one buffer used again (a fresh buffer a document left tens of MiB
 * for the garbage collector on a large record); a larger one gets its own.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REUSED_BUFFER_BYTES, readDocuments } from '../../../../main/download/record-pdf/zip-documents.js';
import { writeRecordZip } from './support/record-fixture.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'zip-documents-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('readDocuments', () => {
  it('gives each document its own bytes, larger then smaller ones read into one buffer, the largest into its own', async () => {
    const originals = [
      { name: 'Large scan.pdf', bytes: randomBytes(3 * 1024 * 1024 + 17) },
      { name: 'Short letter.pdf', bytes: randomBytes(40_000) },
      { name: 'Photo.jpg', bytes: randomBytes(2 * 1024 * 1024) },
      { name: 'Very large scan.pdf', bytes: randomBytes(REUSED_BUFFER_BYTES + 1) },
      { name: 'Note.pdf', bytes: randomBytes(10) },
    ];
    const zipPath = join(folder, 'record.zip');
    const manifest = await writeRecordZip(zipPath, originals);
    const documents = manifest.documents.map((document) => ({ ...document, entryName: document.entryName ?? '' }));

    const seen: Array<{ name: string; matches: boolean; buffer: ArrayBufferLike; startsAtItsStart: boolean }> = [];
    await readDocuments(zipPath, documents, undefined, (document, read) => {
      if (!read.ok) {
        throw new Error(read.reason);
      }
      const original = originals.find((candidate) => candidate.name === document.entryName);
      seen.push({
        name: document.entryName,
        matches: original !== undefined && Buffer.from(read.bytes).equals(original.bytes),
        buffer: read.bytes.buffer,
        startsAtItsStart: read.bytes.byteOffset === 0,
      });
      return Promise.resolve();
    });

    expect(seen.map(({ name, matches }) => ({ name, matches }))).toEqual(originals.map(({ name }) => ({ name, matches: true })));
    // pdf-lib reads a JPEG from the start of its ArrayBuffer.
    expect(seen.every((read) => read.startsAtItsStart)).toBe(true);
    const reused = seen.filter((read) => read.name !== 'Very large scan.pdf').map((read) => read.buffer);
    expect(new Set(reused).size).toBe(1);
    expect(seen.find((read) => read.name === 'Very large scan.pdf')?.buffer).not.toBe(reused[0]);
  });
});
