/**
 * The record PDF's worker thread: builds the PDF (buildRecordPdf) off the Electron main process's event loop, so the
 * window stays responsive while a large record is merged. It takes the build's input as `workerData`, reports
 * progress and then one result as messages, and stops at the next document when told 'cancel'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildRecordPdf } from './record-pdf.js';
import { type RecordPdfWorkerInput, type RecordPdfWorkerMessage, fromWorkerInput } from './record-pdf-worker-messages.js';

const port = parentPort;
if (port !== null) {
  const cancel = new AbortController();
  port.on('message', (message: unknown) => {
    if (message === 'cancel') {
      cancel.abort();
    }
  });
  const post = (message: RecordPdfWorkerMessage) => port.postMessage(message);
  void buildRecordPdf({
    ...fromWorkerInput(workerData as RecordPdfWorkerInput),
    signal: cancel.signal,
    onProgress: (progress) => post({ type: 'progress', progress }),
  })
    .catch((error: unknown) => ({ ok: false as const, error: { code: 'save-failed' as const, message: String(error) } }))
    .then((result) => {
      post({ type: 'result', result });
      // The port keeps the thread alive; the result is the last word.
      port.close();
    });
}
