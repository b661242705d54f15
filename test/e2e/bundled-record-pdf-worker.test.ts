/**
 * The record PDF's worker as the app ships it: electron-vite's bundle (out/main/chunks/, built by this project's global
 * set-up) started the way the bundled main process starts it, in a plain Node worker thread. The unit tests run the
 * TypeScript source through tsx; this catches what only bundling can break (the worker chunk's own path, its imports of
 * other chunks and of packages). What Electron alone adds (loading the chunk from inside app.asar) needs the runtime.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordPdfProgress } from '../../main/download/record-pdf/record-pdf.js';
import { buildInWorker } from '../../main/download/record-pdf/run-record-pdf.js';
import { PROJECT_ROOT } from '../support/run-script.js';
import { readBack } from '../unit/download/record-pdf/support/read-back.js';
import { sampleRecordInput } from '../unit/download/record-pdf/support/record-fixture.js';

const NHS_NUMBER = '9990000018';
const BUNDLED_START = pathToFileURL(join(PROJECT_ROOT, 'out/main/chunks/record-pdf-worker-start.js')).href;

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'bundled-record-pdf-worker-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('the bundled record PDF worker', () => {
  it('builds the record PDF from a saved ZIP in its own thread, telling progress, and leaves only the PDF', async () => {
    const { startRecordPdfWorker } = (await import(BUNDLED_START)) as { startRecordPdfWorker: (options: WorkerOptions) => Worker };
    const progress: RecordPdfProgress[] = [];

    const result = await buildInWorker(startRecordPdfWorker, await sampleRecordInput(folder, { onProgress: (step) => progress.push(step) }, NHS_NUMBER));

    expect(result).toMatchObject({ ok: true, value: { pages: 1 + 2 + 1, merged: 2, zipOnly: [{ name: 'Notes.txt' }] } });
    const pdf = await readBack(join(folder, `patient-record-${NHS_NUMBER}.pdf`));
    expect(pdf.outline.map((bookmark) => bookmark.title)).toEqual(['Referral letter.pdf', 'Scan of card.jpg']);
    expect(pdf.pageTexts[0]).toContain('Amelia Rose HARTLEY');
    expect(progress.at(-1)).toMatchObject({ documentsDone: 3, documentsTotal: 3 });
    expect((await readdir(folder)).sort()).toEqual([`patient-record-${NHS_NUMBER}.pdf`, `patient-record-${NHS_NUMBER}.zip`]);
  });
});
