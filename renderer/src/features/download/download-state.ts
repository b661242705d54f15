/**
 * One download of a patient's documents as the results view holds it: not started, running, or how it ended.
 *
 * The record journey (app/journey-state.ts) keeps it beside the search results and moves it on as main reports.
 */
import type { DownloadSummary } from '../../../../common/download.js';
import type { ErrorPayload } from '../../../../common/result.js';
import type { DownloadJobProgress } from './download-progress-model.js';

export type DownloadState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly requestId: string; readonly progress: DownloadJobProgress; readonly cancelling: boolean }
  | { readonly status: 'saved'; readonly summary: DownloadSummary }
  | { readonly status: 'failed'; readonly error: ErrorPayload }
  | { readonly status: 'cancelled' };

/** What the view shows after a cancelled download; main's message says the same. */
export const DOWNLOAD_CANCELLED = 'Download cancelled. Nothing was saved.';
