// @vitest-environment node
/**
 * The record PDF built in a worker thread, as the Electron app builds it: the same PDF, progress and cancel as
 * in-process, and a worker that dies is a failure in words, never a throw. The worker runs the TypeScript source
 * through tsx here; the app runs electron-vite's bundle of the same file.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RecordPdfInput, type RecordPdfProgress } from '../../../../main/download/record-pdf/record-pdf.js';
import { buildInWorker, defaultRecordPdfBuilder } from '../../../../main/download/record-pdf/run-record-pdf.js';
import { readBack } from './support/read-back.js';
import { sampleRecordInput } from './support/record-fixture.js';

const NHS_NUMBER = '9990000018';
const WORKER = pathToFileURL(join(import.meta.dirname, '../../../../main/download/record-pdf/record-pdf-worker.ts')).href;

/** Starts record-pdf-worker.ts with tsx registered in the thread first (a worker does not inherit the loader). */
function startTsWorker(options: WorkerOptions): Worker {
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'record-pdf-worker-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function inputFor(overrides: Partial<RecordPdfInput> = {}): Promise<RecordPdfInput> {
  return sampleRecordInput(folder, overrides, NHS_NUMBER);
}

describe('buildInWorker', () => {
  it('builds the same record PDF in a worker thread, telling progress as it goes', async () => {
    const progress: RecordPdfProgress[] = [];

    const input = await inputFor({ onProgress: (step) => progress.push(step) });

    const result = await buildInWorker(startTsWorker, input);

    expect(result).toMatchObject({ ok: true, value: { path: join(folder, `patient-record-${NHS_NUMBER}.pdf`), pages: 1 + 2 + 1, merged: 2 } });
    expect(result.ok && result.value.zipOnly).toEqual([{ name: 'Notes.txt', reason: expect.stringContaining('cannot be put into a PDF') as string }]);
    const pdf = await readBack(join(folder, `patient-record-${NHS_NUMBER}.pdf`));
    expect(pdf.outline.map((bookmark) => bookmark.title)).toEqual(['Referral letter.pdf', 'Scan of card.jpg']);
    expect(pdf.pageTexts[0]).toContain('Saved by: Practice manager');
    // Document by document through the worker's messages, in the index's order, each with the bytes it adds.
    const sizes = input.manifest.documents.map((document) => document.size ?? 0);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    expect(progress.map(({ phase, documentsDone, documentsTotal }) => `${phase} ${documentsDone}/${documentsTotal}`)).toEqual(['merging 0/3', 'merging 1/3', 'merging 2/3', 'merging 3/3', 'writing 3/3']);
    expect(progress.map(({ bytesDone }) => bytesDone)).toEqual([0, sizes[0], (sizes[0] ?? 0) + (sizes[1] ?? 0), total, total]);
    expect(progress.every((step) => step.bytesTotal === total)).toBe(true);
  });

  it('stops when cancelled and leaves no PDF behind', async () => {
    const controller = new AbortController();

    const result = await buildInWorker(startTsWorker, await inputFor({ signal: controller.signal, onProgress: () => controller.abort() }));

    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await readdir(folder)).toEqual([`patient-record-${NHS_NUMBER}.zip`]);
  });

  it('stops at once when cancelled before it starts', async () => {
    const controller = new AbortController();
    controller.abort();

    const result = await buildInWorker(startTsWorker, await inputFor({ signal: controller.signal }));

    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await readdir(folder)).toEqual([`patient-record-${NHS_NUMBER}.zip`]);
  });

  it('says in words that the PDF could not be made when the worker dies without an answer', async () => {
    const dies = (options: WorkerOptions) => new Worker('process.exit(7)', { ...options, eval: true });

    const result = await buildInWorker(dies, await inputFor());

    expect(result).toEqual({ ok: false, error: { code: 'save-failed', message: expect.stringContaining('The ZIP is saved and has every document.') as string } });
  });

  it('says so when the worker cannot be started at all', async () => {
    const cannotStart = () => {
      throw new Error('no threads');
    };

    expect(await buildInWorker(cannotStart, await inputFor())).toMatchObject({ ok: false, error: { code: 'save-failed' } });
  });
});

describe('defaultRecordPdfBuilder', () => {
  it('builds in-process outside Electron (the CLI, the tests)', async () => {
    const result = await defaultRecordPdfBuilder()(await inputFor());

    expect(result).toMatchObject({ ok: true, value: { pages: 4, merged: 2 } });
  });
});
