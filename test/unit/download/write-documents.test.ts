import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { type ZipCandidate, writeDocuments } from '../../../main/download/write-documents.js';
import type { ZipWriter } from '../../../main/download/zip-writer.js';
import { StalledError } from '../../../main/reliability/retryable.js';
import type { DocumentMetadata } from '../../../main/search/document-metadata.js';

// writeDocuments against a stand-in S3 (its `send` answers GetObject) and a stand-in ZIP writer that reads each
// entry to its end: what it keeps, and which failures make a document missing rather than ending the job.

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function candidate(index: number): ZipCandidate {
  const document: DocumentMetadata = {
    id: `doc-${index}`,
    nhsNumber: '9990000018',
    location: `s3://documents/doc-${index}`,
    fileName: `Letter ${index}.pdf`,
    uploaded: true,
    typeCodes: [],
  };
  return { document, entryName: document.fileName };
}

/** An S3 stand-in whose GetObject answers with `answer(key)`, keeping a weak reference to every body it hands out. */
function s3Answering(answer: (key: string) => Promise<{ Body: Readable; ContentLength: number }>) {
  const bodies: Array<WeakRef<Readable>> = [];
  const s3 = {
    async send(command: { input: { Key: string } }) {
      const output = await answer(command.input.Key);
      bodies.push(new WeakRef(output.Body));
      return { ...output, ETag: '"e"' };
    },
  } as unknown as S3Client;
  return { s3, bodies };
}

const smallBody = () => Promise.resolve({ Body: Readable.from([Buffer.alloc(64 * 1024, 7)]), ContentLength: 64 * 1024 });

/** A ZIP writer that reads every entry to its end; `onEntry` runs before each entry is read. */
function readingWriter(onEntry: (name: string) => Promise<void> = () => Promise.resolve()): ZipWriter {
  return {
    async addEntry(name, source) {
      await onEntry(name);
      // Reads to the end, as archiver does, so the next GET may start.
      await source.toArray();
    },
    finish: () => Promise.resolve(0),
    abort: () => undefined,
  };
}

describe('writeDocuments', () => {
  it('lets each response go once its entry is written, so memory does not grow with the record', async () => {
    const count = 60;
    const candidates = Array.from({ length: count }, (_, index) => candidate(index));
    const { s3, bodies } = s3Answering(smallBody);
    let stillHeld: number | undefined;
    const writer = readingWriter(async (name) => {
      if (name === candidates[count - 1]?.entryName) {
        // A later turn: a weak reference made or read in this one keeps its target alive until it ends.
        await nextTurn();
        collectGarbage();
        stillHeld = bodies.slice(0, count - 10).filter((body) => body.deref() !== undefined).length;
      }
    });

    const outcomes = await writeDocuments(writer, s3, candidates, { prefetch: 4 });

    expect(outcomes.every((outcome) => outcome.status === 'included')).toBe(true);
    expect(stillHeld).toBe(0);
  });

  it('lists a document missing from storage as missing, and goes on', async () => {
    const notFound = Object.assign(new Error('gone'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
    const { s3 } = s3Answering((key) => (key === 'doc-1' ? Promise.reject(notFound) : smallBody()));

    const outcomes = await writeDocuments(readingWriter(), s3, [candidate(0), candidate(1), candidate(2)]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['included', 'missing', 'included']);
    expect(outcomes[1]).toMatchObject({ error: 'The file was not found in storage.' });
  });

  it('ends the whole job when a GET stalls, instead of listing the document as missing', async () => {
    const { s3 } = s3Answering((key) => (key === 'doc-2' ? Promise.reject(new StalledError(300)) : smallBody()));

    await expect(writeDocuments(readingWriter(), s3, [candidate(0), candidate(1), candidate(2)])).rejects.toBeInstanceOf(StalledError);
  });

  it('opens a large document ahead only when the one being written is nearly read, and takes in little of it before its turn', async () => {
    const documentBytes = 20 * MIB;
    const bodies = new Map<string, { made: () => number }>();
    const { s3, sent } = s3Counting((key) => {
      const body = lazyBody(documentBytes);
      bodies.set(key, body);
      return Promise.resolve({ Body: body.source, ContentLength: documentBytes });
    });
    const sentAtEachEntry: number[] = [];
    const takenInAheadAtEachEntry: number[] = [];
    const writer = readingWriter(async (name) => {
      await nextTurn();
      sentAtEachEntry.push(sent());
      const index = Number(/\d+/u.exec(name)?.[0]);
      takenInAheadAtEachEntry.push(bodies.get(`doc-${index + 1}`)?.made() ?? 0);
    });

    const outcomes = await writeDocuments(writer, s3, [0, 1, 2, 3].map(candidate), { prefetch: 4 });

    expect(outcomes.every((outcome) => outcome.status === 'included')).toBe(true);
    // One document ahead at most, opened while the one before it was being read: never three idle 20 MiB bodies.
    expect(sentAtEachEntry).toEqual([1, 2, 3, 4]);
    expect(Math.max(...takenInAheadAtEachEntry)).toBeLessThan(MIB);
  });

  it('keeps small documents in flight ahead of the writer, so it need not wait for their answers', async () => {
    const { s3, sent } = s3Counting(smallBody);
    let sentAtFirstEntry: number | undefined;
    const writer = readingWriter(async () => {
      await nextTurn();
      sentAtFirstEntry ??= sent();
    });

    await writeDocuments(writer, s3, Array.from({ length: 10 }, (_, index) => candidate(index)), { prefetch: 4 });

    expect(sentAtFirstEntry).toBe(4);
  });
});

const MIB = 1024 * 1024;

/** An S3 stand-in whose GetObject answers with `answer(key)`, counting the GETs sent. */
function s3Counting(answer: (key: string) => Promise<{ Body: Readable; ContentLength: number }>) {
  let count = 0;
  const s3 = {
    async send(command: { input: { Key: string } }) {
      count += 1;
      return { ...(await answer(command.input.Key)), ETag: '"e"' };
    },
  } as unknown as S3Client;
  return { s3, sent: () => count };
}

/** A body of `total` bytes made only as they are read, as a connection's are; `made` says how many were taken in. */
function lazyBody(total: number): { source: Readable; made: () => number } {
  let made = 0;
  const source = new Readable({
    read() {
      const size = Math.min(64 * 1024, total - made);
      made += size;
      this.push(size === 0 ? null : Buffer.alloc(size, 3));
    },
  });
  return { source, made: () => made };
}
