/**
 * The record journey as a small state machine: search → searching → results (→ downloading → saved / failed /
 * cancelled), for one patient's documents at a time.
 *
 * A pure reducer: every event that comes back from main names its requestId, and an event for a request the journey
 * no longer waits for (a cancelled search, a superseded refresh) is ignored.
 */
import type { DownloadProgress, DownloadSummary } from '../../../common/download.js';
import type { SearchsetBundle } from '../../../common/fhir.js';
import type { ErrorPayload, Result } from '../../../common/result.js';
import { advanceProgress, STARTING_PROGRESS } from '../features/download/download-progress-model.js';
import type { DownloadState } from '../features/download/download-state.js';
import { toDocumentLists } from '../features/results/document-lists.js';
import type { ResultsState } from '../features/results/results-view.js';
import type { SearchProgress } from '../features/search/searching-view.js';
import { assertNever } from '../shared/assert-never.js';

export type JourneyState =
  /** `nhsNumber` is what the field starts with: empty, or the number of a search the user cancelled. */
  | { readonly view: 'search'; readonly nhsNumber: string }
  | { readonly view: 'searching'; readonly requestId: string; readonly nhsNumber: string; readonly progress: SearchProgress | null }
  | { readonly view: 'search-failed'; readonly nhsNumber: string; readonly error: ErrorPayload }
  | ({ readonly view: 'results' } & ResultsState);

export type JourneyAction =
  | { readonly type: 'search-started'; readonly requestId: string; readonly nhsNumber: string }
  | { readonly type: 'search-progress'; readonly requestId: string; readonly progress: SearchProgress }
  | { readonly type: 'search-finished'; readonly requestId: string; readonly result: Result<SearchsetBundle> }
  | { readonly type: 'search-cancelled'; readonly requestId: string }
  | { readonly type: 'start-again' }
  | { readonly type: 'download-started'; readonly requestId: string }
  /** `at`: when the event arrived, in milliseconds, for the speed and the time left. */
  | { readonly type: 'download-progress'; readonly requestId: string; readonly progress: DownloadProgress; readonly at: number }
  | { readonly type: 'download-cancelling'; readonly requestId: string }
  | { readonly type: 'download-finished'; readonly requestId: string; readonly result: Result<DownloadSummary> };

export const INITIAL_JOURNEY_STATE: JourneyState = { view: 'search', nhsNumber: '' };

export function journeyReducer(state: JourneyState, action: JourneyAction): JourneyState {
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
      return state.view === 'results' && state.download.status === 'running' ? state : INITIAL_JOURNEY_STATE;
    case 'download-started':
      return state.view === 'results' && state.download.status !== 'running' && state.documents.available.length > 0
        ? { ...state, download: { status: 'running', requestId: action.requestId, progress: STARTING_PROGRESS, cancelling: false } }
        : state;
    case 'download-progress':
      return updateRunningDownload(state, action.requestId, (download) => ({
        ...download,
        progress: advanceProgress(download.progress, action.progress, action.at),
      }));
    case 'download-cancelling':
      return updateRunningDownload(state, action.requestId, (download) => ({ ...download, cancelling: true }));
    case 'download-finished':
      return updateRunningDownload(state, action.requestId, () => downloadFinished(action.result));
    default:
      return assertNever(action);
  }
}

function searchFinished(nhsNumber: string, result: Result<SearchsetBundle>): JourneyState {
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

function updateRunningDownload(state: JourneyState, requestId: string, update: (download: RunningDownload) => DownloadState): JourneyState {
  if (state.view !== 'results' || state.download.status !== 'running' || state.download.requestId !== requestId) {
    return state;
  }
  return { ...state, download: update(state.download) };
}
