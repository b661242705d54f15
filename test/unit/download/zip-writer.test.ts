import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { crc32 } from 'node:zlib';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';

import { createZipWriter, shouldCompress } from '../../../main/download/zip-writer';

const MiB = 1024 * 1024;
const UTF8_NAMES_FLAG = 0x800;
const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;
// Even seconds in local time: DOS timestamps have 2 s resolution and no zone.
const ENTRY_DATE = new Date(2024, 4, 1, 12, 34, 56);

interface ReadEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly modified: Date;
  readonly sha256: string;
  readonly crc32: number;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function pseudoRandomBlock(seed: number, size: number): Buffer {
  const block = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    block.writeUInt32LE(x >>> 0, i);
  }
  return block;
}

/** A lazily generated stream of `size` bytes, pushed in 64 KiB chunks like a network body. */
function generatedStream(data: Buffer): Readable {
  let offset = 0;
  return new Readable({
    read() {
      const chunk = data.subarray(offset, offset + 64 * 1024);
      offset += chunk.length;
      this.push(chunk.length > 0 ? chunk : null);
    },
  });
}

function discardingOutput(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

async function readZip(path: string): Promise<ReadEntry[]> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const entries: ReadEntry[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) {
        chunks.push(chunk as Buffer);
      }
      entries.push({
        name: entry.fileName,
        method: entry.compressionMethod,
        flags: entry.generalPurposeBitFlag,
        modified: entry.getLastModDate(),
        sha256: sha256(Buffer.concat(chunks)),
        crc32: entry.crc32,
      });
    }
  } finally {
    zip.close();
  }
  return entries;
}

describe('createZipWriter', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zip-writer-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips Buffer- and stream-backed entries with their names, bytes, CRC-32s, methods and dates', async () => {
    const text = Buffer.from('{"resourceType":"Bundle"}\n'.repeat(1000));
    const scan = pseudoRandomBlock(42, 20 * MiB);
    const letter = Buffer.from('Dear Dr Ångström,\n'.repeat(50));
    const nonAsciiName = 'Zoë Ångström – résumé 日本.txt'.normalize('NFC');
    const inputs = [
      { name: 'notes.json', data: text, source: Readable.from([text]), compress: true },
      { name: 'scan.pdf', data: scan, source: generatedStream(scan), compress: false },
      { name: nonAsciiName, data: letter, source: generatedStream(letter), compress: true },
      { name: 'empty.txt', data: Buffer.alloc(0), source: Readable.from([]), compress: true },
    ];
    const path = join(dir, 'record.zip');
    const writer = createZipWriter(createWriteStream(path));

    for (const { name, source, compress } of inputs) {
      await writer.addEntry(name, source, { date: ENTRY_DATE, compress });
    }
    const bytesWritten = await writer.finish();

    expect(bytesWritten).toBe((await stat(path)).size);
    const entries = await readZip(path);
    expect(entries.map((entry) => entry.name)).toEqual(inputs.map((input) => input.name));
    for (const [index, entry] of entries.entries()) {
      const input = inputs[index]!;
      expect(entry.sha256).toBe(sha256(input.data));
      // The writer swaps archiver's JavaScript CRC-32 for zlib's; a reader rejects an entry whose CRC is wrong.
      expect(entry.crc32).toBe(crc32(input.data));
      expect(entry.method).toBe(input.compress ? METHOD_DEFLATE : METHOD_STORE);
      expect(entry.modified.getTime()).toBe(ENTRY_DATE.getTime());
    }
    expect(entries.find((entry) => entry.name === nonAsciiName)!.flags & UTF8_NAMES_FLAG).toBe(UTF8_NAMES_FLAG);
    expect(entries.find((entry) => entry.name === 'scan.pdf')!.flags & UTF8_NAMES_FLAG).toBe(0);
  });

  it.skipIf(spawnSync('unzip', ['-v']).error !== undefined)('writes non-ASCII names that Info-ZIP unzip lists', async () => {
    const name = 'Zoë Ångström – résumé 日本.txt'.normalize('NFC');
    const path = join(dir, 'names.zip');
    const writer = createZipWriter(createWriteStream(path));
    await writer.addEntry(name, Readable.from([Buffer.from('x')]), { date: ENTRY_DATE, compress: true });
    await writer.finish();

    const listing = execFileSync('unzip', ['-Z1', path], { env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    expect(listing.toString('utf8').trim()).toBe(name);
  });

  it('rejects addEntry when the source errors mid-entry, and abort destroys the output', async () => {
    const output = discardingOutput();
    const writer = createZipWriter(output);
    const sourceError = new Error('S3 connection reset');
    let chunksSent = 0;
    const failing = new Readable({
      read() {
        if (chunksSent === 3) {
          this.destroy(sourceError);
          return;
        }
        chunksSent += 1;
        this.push(pseudoRandomBlock(chunksSent, 64 * 1024));
      },
    });

    await expect(writer.addEntry('broken.pdf', failing, { date: ENTRY_DATE, compress: false })).rejects.toBe(
      sourceError,
    );
    writer.abort(new Error('download failed'));

    expect(output.destroyed).toBe(true);
    await expect(writer.finish()).rejects.toBeInstanceOf(Error);
  });

  it('rejects addEntry instead of hanging when the source closes before its end', async () => {
    const output = discardingOutput();
    const writer = createZipWriter(output);
    const truncated = new Readable({ read() {} });
    truncated.push(Buffer.from('partial'));

    const adding = writer.addEntry('cut.pdf', truncated, { date: ENTRY_DATE, compress: false });
    truncated.destroy();

    await expect(adding).rejects.toThrow(/premature close/iu);
    expect(output.destroyed).toBe(true);
  });

  it('abort destroys the output with the given error and rejects the entry in flight', async () => {
    const output = discardingOutput();
    const writer = createZipWriter(output);
    const cancelled = new Error('cancelled by user');
    const neverEnding = new Readable({ read() {} });

    const adding = writer.addEntry('slow.pdf', neverEnding, { date: ENTRY_DATE, compress: false });
    writer.abort(cancelled);

    await expect(adding).rejects.toBe(cancelled);
    expect(output.destroyed).toBe(true);
    expect(output.errored).toBe(cancelled);
    expect(neverEnding.destroyed).toBe(true);
    await expect(writer.finish()).rejects.toBe(cancelled);
  });

  it('refuses a second entry while one is still in flight', async () => {
    const writer = createZipWriter(discardingOutput());
    const first = new Readable({ read() {} });
    const adding = writer.addEntry('a.txt', first, { date: ENTRY_DATE, compress: true });

    await expect(
      writer.addEntry('b.txt', Readable.from([Buffer.from('b')]), { date: ENTRY_DATE, compress: true }),
    ).rejects.toThrow(/still being written/u);

    first.push(null);
    await adding;
    await expect(writer.finish()).resolves.toBeGreaterThan(0);
  });

  it('reads a document no further than a few socket chunks ahead of an output that has stopped taking bytes', async () => {
    // A slow disk: bytes queued in the writer meanwhile are held in memory (and, held long, freed only late).
    const stalledOutput = new Writable({ write() {} });
    const writer = createZipWriter(stalledOutput);
    let bytesRead = 0;
    const chunk = Buffer.alloc(64 * 1024);
    const document = new Readable({
      read() {
        bytesRead += chunk.length;
        this.push(bytesRead > 64 * MiB ? null : chunk);
      },
    });
    const adding = writer.addEntry('scan.pdf', document, { date: ENTRY_DATE, compress: false });
    adding.catch(() => undefined);

    await untilSettled(() => bytesRead);

    expect(bytesRead).toBeGreaterThan(0);
    expect(bytesRead).toBeLessThan(1 * MiB);
    writer.abort(new Error('test over'));
    await expect(adding).rejects.toThrow('test over');
  });
});

/** Waits until `value()` has stayed the same for many turns of the event loop: nothing left for the streams to move. */
async function untilSettled(value: () => number): Promise<void> {
  let last = value();
  for (let unchangedTurns = 0; unchangedTurns < 20; ) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const now = value();
    unchangedTurns = now === last ? unchangedTurns + 1 : 0;
    last = now;
  }
}

describe('shouldCompress', () => {
  it.each([
    ['application/pdf', 'letter.pdf'],
    ['image/jpeg', 'photo.jpg'],
    ['IMAGE/PNG', 'x.png'],
    ['image/gif', 'x'],
    ['image/heic', 'x'],
    ['image/webp', 'x'],
    ['application/zip', 'bundle.zip'],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx'],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'a.xlsx'],
    ['video/mp4', 'clip.mp4'],
    ['audio/mpeg', 'dictation.mp3'],
    ['application/pdf; charset=binary', 'x'],
    [undefined, 'scan.PDF'],
    [undefined, 'report.docx'],
    ['application/octet-stream', 'photo.jpeg'],
  ])('stores %s / %s', (contentType, fileName) => {
    expect(shouldCompress(contentType, fileName)).toBe(false);
  });

  it.each([
    ['text/plain', 'notes.txt'],
    ['application/json', 'bundle.json'],
    ['application/fhir+json', 'x'],
    ['text/xml', 'cda.xml'],
    ['application/rtf', 'letter.rtf'],
    ['application/msword', 'letter.doc'],
    ['image/bmp', 'scan.bmp'],
    ['image/tiff', 'scan.tif'],
    ['text/plain', 'misnamed.pdf'],
    [undefined, 'mystery'],
    [undefined, 'archive.tar'],
    ['application/octet-stream', 'data.bin'],
  ])('deflates %s / %s', (contentType, fileName) => {
    expect(shouldCompress(contentType, fileName)).toBe(true);
  });
});
