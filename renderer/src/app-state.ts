/**
 * The app as a small state machine: search → searching → results (→ downloading → saved / failed / cancelled).
 *
 * A pure reducer: every event that comes back from main names its requestId, and an event for a request the app
 * no longer waits for (a cancelled search, a superseded refresh) is ignored.
 */
import type { DownloadProgress, DownloadSummary } from '../../common/download.js';
import type { SearchsetBundle } from '../../common/fhir.js';
import type { ErrorPayload, Result } from '../../common/result.js';
import { assertNever } from './assert-never.js';
import { type DocumentLists, toDocumentLists } from './document-lists.js';

export interface SearchProgress {
  readonly pagesRead: number;
  readonly itemsRead: number;
}

export type DownloadState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly requestId: string; readonly progress: DownloadProgress | null; readonly cancelling: boolean }
  | { readonly status: 'saved'; readonly summary: DownloadSummary }
  | { readonly status: 'failed'; readonly error: ErrorPayload }
  | { readonly status: 'cancelled' };

export type AppState =
  /** `nhsNumber` is what the field starts with: empty, or the number of a search the user cancelled. */
  | { readonly view: 'search'; readonly nhsNumber: string }
  | { readonly view: 'searching'; readonly requestId: string; readonly nhsNumber: string; readonly progress: SearchProgress | null }
  | { readonly view: 'search-failed'; readonly nhsNumber: string; readonly error: ErrorPayload }
  | {
      readonly view: 'results';
      readonly nhsNumber: string;
      /** Bundle.timestamp: when main read the list. */
      readonly fetchedAt: string;
      readonly documents: DocumentLists;
      readonly download: DownloadState;
    };

export type AppAction =
  | { readonly type: 'search-started'; readonly requestId: string; readonly nhsNumber: string }
  | { readonly type: 'search-progress'; readonly requestId: string; readonly progress: SearchProgress }
  | { readonly type: 'search-finished'; readonly requestId: string; readonly result: Result<SearchsetBundle> }
  | { readonly type: 'search-cancelled'; readonly requestId: string }
  | { readonly type: 'start-again' }
  | { readonly type: 'download-started'; readonly requestId: string }
  | { readonly type: 'download-progress'; readonly requestId: string; readonly progress: DownloadProgress }
  | { readonly type: 'download-cancelling'; readonly requestId: string }
  | { readonly type: 'download-finished'; readonly requestId: string; readonly result: Result<DownloadSummary> };

export const INITIAL_STATE: AppState = { view: 'search', nhsNumber: '' };

/** What the view shows after a cancelled download; main's message says the same. */
export const DOWNLOAD_CANCELLED = 'Download cancelled. Nothing was saved.';

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'search-started':
      if (state.view === 'results' && state.download.status === 'running') {
        return state;
      }
      return { view: 'searching', requestId: action.requestId, nhsNumber: action.nhsNumber, progress: null };
    case 'search-progress':
      return state.view === 'searching' && state.requestId === action.requestId ? { ...state, progress: action.progress } : state;
    case 'search-cancelled':
      return state.view === 'searching' && state.requestId === action.requestId ? { view: 'search', nhsNumber: state.nhsNumber } : state;
    case 'search-finished':
      return state.view === 'searching' && state.requestId === action.requestId ? searchFinished(state.nhsNumber, action.result) : state;
    case 'start-again':
      return state.view === 'results' && state.download.status === 'running' ? state : INITIAL_STATE;
    case 'download-started':
      return state.view === 'results' && state.download.status !== 'running' && state.documents.available.length > 0
        ? { ...state, download: { status: 'running', requestId: action.requestId, progress: null, cancelling: false } }
        : state;
    case 'download-progress':
      return updateRunningDownload(state, action.requestId, (download) => ({ ...download, progress: action.progress }));
    case 'download-cancelling':
      return updateRunningDownload(state, action.requestId, (download) => ({ ...download, cancelling: true }));
    case 'download-finished':
      return updateRunningDownload(state, action.requestId, () => downloadFinished(action.result));
    default:
      return assertNever(action);
  }
}

function searchFinished(nhsNumber: string, result: Result<SearchsetBundle>): AppState {
  if (result.ok) {
    return { view: 'results', nhsNumber, fetchedAt: result.value.timestamp, documents: toDocumentLists(result.value), download: { status: 'idle' } };
  }
  // A search main reports as cancelled was stopped on purpose: back to the form, not an error.
  return result.error.code === 'cancelled' ? { view: 'search', nhsNumber } : { view: 'search-failed', nhsNumber, error: result.error };
}

function downloadFinished(result: Result<DownloadSummary>): DownloadState {
  if (result.ok) {
    return { status: 'saved', summary: result.value };
  }
  return result.error.code === 'cancelled' ? { status: 'cancelled' } : { status: 'failed', error: result.error };
}

type RunningDownload = Extract<DownloadState, { status: 'running' }>;

function updateRunningDownload(state: AppState, requestId: string, update: (download: RunningDownload) => DownloadState): AppState {
  if (state.view !== 'results' || state.download.status !== 'running' || state.download.requestId !== requestId) {
    return state;
  }
  return { ...state, download: update(state.download) };
}
