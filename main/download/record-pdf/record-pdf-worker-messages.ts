/**
 * What passes between the app and the record PDF's worker thread: the build's input in a form structured clone
 * carries (no signal, no callbacks; the date as ISO text) and the worker's messages back.
 */
import type { Result } from '../../../common/result.js';
import type { RecordPdf, RecordPdfError, RecordPdfInput, RecordPdfProgress } from './record-pdf.js';

export type RecordPdfWorkerInput = Omit<RecordPdfInput, 'signal' | 'onProgress' | 'savedAt'> & { readonly savedAt: string };

export type RecordPdfWorkerMessage =
  | { readonly type: 'progress'; readonly progress: RecordPdfProgress }
  | { readonly type: 'result'; readonly result: Result<RecordPdf, RecordPdfError> };

export function toWorkerInput(input: RecordPdfInput): RecordPdfWorkerInput {
  const { signal: _signal, onProgress: _onProgress, savedAt, ...rest } = input;
  // Only the documents go across: the rest of the manifest is not needed, and copying it costs time.
  return { ...rest, manifest: { documents: input.manifest.documents }, savedAt: savedAt.toISOString() };
}

export function fromWorkerInput(input: RecordPdfWorkerInput): Omit<RecordPdfInput, 'signal' | 'onProgress'> {
  return { ...input, savedAt: new Date(input.savedAt) };
}
