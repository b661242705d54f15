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
});
