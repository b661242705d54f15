/**
 * Where the record PDF is built: in a worker thread in the Electron app, whose main process also serves the window
 * and must not stall for the seconds or minutes a large record takes; in-process in the CLI and the other plain Node
 * hosts, where nothing else waits on the event loop. Either way the build's result, progress and cancel are the same.
 */
import type { Worker, WorkerOptions } from 'node:worker_threads';
import type { Result } from '../../../common/result.js';
import { type RecordPdf, type RecordPdfError, type RecordPdfInput, buildRecordPdf } from './record-pdf.js';
import { type RecordPdfWorkerMessage, toWorkerInput } from './record-pdf-worker-messages.js';

export type RecordPdfBuilder = (input: RecordPdfInput) => Promise<Result<RecordPdf, RecordPdfError>>;
export type StartWorker = (options: WorkerOptions) => Worker;

/** The worker in the Electron app, the current thread elsewhere. */
export function defaultRecordPdfBuilder(): RecordPdfBuilder {
  if (!('electron' in process.versions)) {
    return buildRecordPdf;
  }
  return async (input) => {
    const { startRecordPdfWorker } = await import('./record-pdf-worker-start.js');
    return buildInWorker(startRecordPdfWorker, input);
  };
}

/**
 * Builds the PDF in a worker that `start` starts (record-pdf-worker.ts). A cancel is passed on as a message, so the
 * worker stops between documents and removes its partial file itself, as buildRecordPdf does in-process; a worker
 * that dies without a result (out of memory, say) comes back as a failure, never a throw.
 */
export function buildInWorker(start: StartWorker, input: RecordPdfInput): Promise<Result<RecordPdf, RecordPdfError>> {
  return new Promise((resolve) => {
    let settled = false;
    let worker: Worker;
    try {
      worker = start({ workerData: toWorkerInput(input) });
    } catch (error) {
      resolve({ ok: false, error: workerFailed(error) });
      return;
    }
    const cancel = () => worker.postMessage('cancel');
    const finish = (result: Result<RecordPdf, RecordPdfError>) => {
      if (!settled) {
        settled = true;
        input.signal?.removeEventListener('abort', cancel);
        resolve(result);
      }
    };
    if (input.signal?.aborted === true) {
      cancel();
    }
    input.signal?.addEventListener('abort', cancel, { once: true });
    worker.on('message', (message: RecordPdfWorkerMessage) => {
      if (message.type === 'progress') {
        input.onProgress?.(message.progress);
      } else {
        finish(message.result);
      }
    });
    worker.on('error', (error) => finish({ ok: false, error: workerFailed(error) }));
    worker.on('exit', (exitCode) => finish({ ok: false, error: workerFailed(`the worker stopped with code ${exitCode}`) }));
  });
}

function workerFailed(cause: unknown): RecordPdfError {
  const outOfMemory = cause instanceof Error && 'code' in cause && cause.code === 'ERR_WORKER_OUT_OF_MEMORY';
  return outOfMemory
    ? { code: 'too-large', message: 'This record is too large to put into one PDF on this computer: it ran out of memory. The ZIP is saved and has every document.' }
    : {
        code: 'save-failed',
        message: 'The PDF of the record could not be made because of an unexpected problem. The ZIP is saved and has every document. If it keeps happening, contact your IT service desk.',
      };
}
