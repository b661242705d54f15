import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';

import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';

import { createZipWriter } from '../../main/download/zip-writer';

const run = promisify(execFile);

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const ZIP32_LIMIT = 0xffffffff;
const ENTRY_DATE = new Date(2024, 4, 1, 12, 0, 0);

interface EntrySpec {
  readonly name: string;
  readonly size: number;
  readonly compress: boolean;
}

interface PythonEntry {
  readonly name: string;
  readonly size: number;
  readonly compressedSize: number;
  readonly crc: number;
  readonly method: number;
  readonly flags: number;
  readonly offset: number;
}

// Reads only through the central directory and CRC-checks every byte, as most extractors do.
const PYTHON_CHECK = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    print(json.dumps([dict(name=i.filename, size=i.file_size, compressedSize=i.compress_size, crc=i.CRC,
                           method=i.compress_type, flags=i.flag_bits, offset=i.header_offset) for i in z.infolist()]))
`;

function pseudoRandomBlock(seed: number): Buffer {
  const block = Buffer.alloc(MiB);
  let x = seed;
  for (let i = 0; i < MiB; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    block.writeUInt32LE(x >>> 0, i);
  }
  return block;
}

/** `size` bytes of one pseudo-random MiB repeated: fast to produce, and too far apart for deflate to find the repeats. */
function repeatedBlockStream(block: Buffer, size: number): Readable {
  let remaining = size;
  return new Readable({
    highWaterMark: MiB,
    read() {
      const length = Math.min(remaining, MiB);
      remaining -= length;
      this.push(length > 0 ? block.subarray(0, length) : null);
    },
  });
}

function repeatedBlockCrc(block: Buffer, size: number): number {
  let crc = 0;
  for (let remaining = size; remaining > 0; remaining -= MiB) {
    crc = crc32(block.subarray(0, Math.min(remaining, MiB)), crc);
  }
  return crc;
}

async function writeZip(path: string, specs: readonly EntrySpec[]): Promise<{ bytes: number; crcs: number[] }> {
  const writer = createZipWriter(createWriteStream(path));
  const crcs: number[] = [];
  for (const [index, spec] of specs.entries()) {
    const block = pseudoRandomBlock(index + 1);
    crcs.push(repeatedBlockCrc(block, spec.size));
    await writer.addEntry(spec.name, repeatedBlockStream(block, spec.size), {
      date: ENTRY_DATE,
      compress: spec.compress,
    });
  }
  return { bytes: await writer.finish(), crcs };
}

async function yauzlSizes(path: string): Promise<[string, number][]> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const sizes: [string, number][] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      sizes.push([entry.fileName, entry.uncompressedSize]);
    }
  } finally {
    zip.close();
  }
  return sizes;
}

/** Writes the entries to a temporary ZIP, checks it with Info-ZIP, Python and yauzl, and returns what Python read. */
async function expectValidZip64(specs: readonly EntrySpec[], requiredFreeBytes: number): Promise<PythonEntry[]> {
  const dir = await mkdtemp(join(tmpdir(), 'zip64-'));
  try {
    const free = await statfs(dir);
    expect(free.bavail * free.bsize, `free space in ${dir}`).toBeGreaterThan(requiredFreeBytes);
    const path = join(dir, 'record.zip');

    const { bytes, crcs } = await writeZip(path, specs);

    expect(bytes).toBe((await stat(path)).size);
    expect(bytes).toBeGreaterThan(4 * GiB);
    await run('unzip', ['-t', '-qq', path], { env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    const { stdout } = await run('python3', ['-c', PYTHON_CHECK, path], { maxBuffer: 16 * MiB });
    const entries = JSON.parse(stdout) as PythonEntry[];
    expect(entries.map(({ name, size, crc, method }) => ({ name, size, crc, method }))).toEqual(
      specs.map((spec, index) => ({ name: spec.name, size: spec.size, crc: crcs[index], method: spec.compress ? 8 : 0 })),
    );
    expect(await yauzlSizes(path)).toEqual(specs.map((spec) => [spec.name, spec.size]));
    return entries;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('ZIP64 archives written by createZipWriter', () => {
  it('holds one streamed, stored 4.5 GiB entry', async () => {
    await expectValidZip64([{ name: 'scan-4.5GiB.bin', size: 4.5 * GiB, compress: false }], 5 * GiB);
  });

  it('holds several 1.2 GiB entries totalling over 4 GiB, with a deflated non-ASCII entry starting past 4 GiB', async () => {
    const parts = [1, 2, 3, 4].map((n) => ({ name: `part-${n}.bin`, size: Math.round(1.2 * GiB), compress: false }));
    const last = { name: 'lettre-résumé-ü.txt'.normalize('NFC'), size: 20 * MiB, compress: true };
    expect(parts.reduce((total, part) => total + part.size, 0)).toBeGreaterThan(ZIP32_LIMIT);

    const entries = await expectValidZip64([...parts, last], 5.5 * GiB);

    const lastEntry = entries.at(-1)!;
    expect(lastEntry.offset).toBeGreaterThan(ZIP32_LIMIT);
    expect(lastEntry.flags & 0x800).toBe(0x800);
  });
});
