/**
 * Starts the record PDF's worker thread in the bundled app. electron-vite's `?nodeWorker` import bundles
 * record-pdf-worker.ts as a chunk of its own (out/main/chunks/, packaged with the other chunks) and returns a function
 * that starts it. Only the Electron build loads this file (run-record-pdf.ts imports it lazily there): plain Node
 * and the tests have no bundler to resolve the import.
 */
/// <reference types="electron-vite/node" />
import startWorker from './record-pdf-worker?nodeWorker';

export const startRecordPdfWorker = startWorker;
