/**
 * The record journey as a small state machine: search → finding the patient → confirm the patient → searching →
 * results (→ downloading → saved / failed / cancelled), for one patient's documents at a time.
 *
 * A pure reducer: every answer that comes back from main names its requestId, and an answer for a request the
 * journey no longer waits for (a cancelled look-up or search, a superseded refresh) is ignored. Documents are only
 * ever searched for a patient the user has confirmed and may search, and a session that ends clears everything.
 */
import type { DownloadProgress, DownloadSummary } from '../../../common/download.js';
import type { SearchsetBundle } from '../../../common/fhir.js';
import type { PatientLookup } from '../../../common/patient.js';
import type { ErrorPayload, Result } from '../../../common/result.js';
import { advanceProgress, startingProgress } from '../features/download/download-progress-model.js';
import type { DownloadState } from '../features/download/download-state.js';
import { toDocumentLists } from '../features/results/document-lists.js';
import type { ResultsState } from '../features/results/results-view.js';
import type { SearchProgress } from '../features/search/searching-view.js';
import { assertNever } from '../shared/assert-never.js';

/** The patient the user confirmed, carried through the document search and the results. */
interface Confirmed {
  readonly lookup: PatientLookup;
}

export type JourneyState =
  /** `nhsNumber` is what the field starts with: empty, or the number of a search the user left. */
  | { readonly view: 'search'; readonly nhsNumber: string }
  | { readonly view: 'finding-patient'; readonly requestId: string; readonly nhsNumber: string }
  /** `nhsNumber`: the number typed; `lookup.patient.nhsNumber` may differ when it was replaced. */
  | { readonly view: 'confirm-patient'; readonly nhsNumber: string; readonly lookup: PatientLookup }
  | ({ readonly view: 'searching'; readonly requestId: string; readonly nhsNumber: string; readonly progress: SearchProgress | null } & Confirmed)
  /** `lookup` is null when the patient could not be found or checked, set when their documents could not be listed. */
  | { readonly view: 'search-failed'; readonly nhsNumber: string; readonly error: ErrorPayload; readonly lookup: PatientLookup | null }
  | ({ readonly view: 'results' } & ResultsState & Confirmed);

export type JourneyAction =
  | { readonly type: 'look-up-started'; readonly requestId: string; readonly nhsNumber: string }
  | { readonly type: 'look-up-finished'; readonly requestId: string; readonly result: Result<PatientLookup> }
  | { readonly type: 'look-up-cancelled'; readonly requestId: string }
  /** Back to the form with the number typed, to correct it. */
  | { readonly type: 'search-again' }
  /** A documents search: after the patient is confirmed, on Try again, or on Refresh. */
  | { readonly type: 'search-started'; readonly requestId: string }
  | { readonly type: 'search-progress'; readonly requestId: string; readonly progress: SearchProgress }
  | { readonly type: 'search-finished'; readonly requestId: string; readonly result: Result<SearchsetBundle> }
  | { readonly type: 'search-cancelled'; readonly requestId: string }
  | { readonly type: 'start-again' }
  /** The session ended, or another person (or role) took over: nothing of the patient stays, whatever was running. */
  | { readonly type: 'cleared' }
  /** `recordPdf`: the PDF of the whole record was asked for too, so the job has a fifth step. */
  | { readonly type: 'download-started'; readonly requestId: string; readonly recordPdf?: boolean }
  /** `at`: when the event arrived, in milliseconds, for the speed and the time left. */
  | { readonly type: 'download-progress'; readonly requestId: string; readonly progress: DownloadProgress; readonly at: number }
  | { readonly type: 'download-cancelling'; readonly requestId: string }
  | { readonly type: 'download-finished'; readonly requestId: string; readonly result: Result<DownloadSummary> };

export const INITIAL_JOURNEY_STATE: JourneyState = { view: 'search', nhsNumber: '' };

export function journeyReducer(state: JourneyState, action: JourneyAction): JourneyState {
  switch (action.type) {
    case 'look-up-started':
      return downloadRunning(state) ? state : { view: 'finding-patient', requestId: action.requestId, nhsNumber: action.nhsNumber };
    case 'look-up-finished':
      return state.view === 'finding-patient' && state.requestId === action.requestId ? lookUpFinished(state.nhsNumber, action.result) : state;
    case 'look-up-cancelled':
      return state.view === 'finding-patient' && state.requestId === action.requestId ? { view: 'search', nhsNumber: state.nhsNumber } : state;
    case 'search-again':
      return downloadRunning(state) ? state : { view: 'search', nhsNumber: state.nhsNumber };
    case 'search-started':
      return searchStarted(state, action.requestId);
    case 'search-progress':
      return state.view === 'searching' && state.requestId === action.requestId ? { ...state, progress: action.progress } : state;
    case 'search-cancelled':
      return state.view === 'searching' && state.requestId === action.requestId ? { view: 'search', nhsNumber: state.nhsNumber } : state;
    case 'search-finished':
      return state.view === 'searching' && state.requestId === action.requestId ? searchFinished(state, action.result) : state;
    case 'start-again':
      return downloadRunning(state) ? state : INITIAL_JOURNEY_STATE;
    case 'cleared':
      return INITIAL_JOURNEY_STATE;
    case 'download-started':
      return state.view === 'results' && state.download.status !== 'running' && state.documents.available.length > 0 && mayDownload(state.lookup)
        ? { ...state, download: { status: 'running', requestId: action.requestId, progress: startingProgress(action.recordPdf === true), cancelling: false } }
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

/** The confirmed patient a documents search would be for; null when there is none (or the person may not search). */
export function confirmedPatientOf(state: JourneyState): PatientLookup | null {
  switch (state.view) {
    case 'confirm-patient':
    case 'searching':
    case 'results':
    case 'search-failed':
      return state.lookup !== null && state.lookup.access.maySearch ? state.lookup : null;
    case 'search':
    case 'finding-patient':
      return null;
    default:
      return assertNever(state);
  }
}

function downloadRunning(state: JourneyState): boolean {
  return state.view === 'results' && state.download.status === 'running';
}

function mayDownload(lookup: PatientLookup): boolean {
  return lookup.access.maySearch && lookup.access.mayDownload;
}

function lookUpFinished(nhsNumber: string, result: Result<PatientLookup>): JourneyState {
  if (result.ok) {
    return { view: 'confirm-patient', nhsNumber, lookup: result.value };
  }
  return { view: 'search-failed', nhsNumber, error: result.error, lookup: null };
}

function searchStarted(state: JourneyState, requestId: string): JourneyState {
  const lookup = confirmedPatientOf(state);
  if (lookup === null || downloadRunning(state)) {
    return state;
  }
  return { view: 'searching', requestId, nhsNumber: lookup.patient.nhsNumber, progress: null, lookup };
}

function searchFinished(state: Extract<JourneyState, { view: 'searching' }>, result: Result<SearchsetBundle>): JourneyState {
  const { nhsNumber, lookup } = state;
  if (result.ok) {
    return { view: 'results', nhsNumber, lookup, fetchedAt: result.value.timestamp, documents: toDocumentLists(result.value), download: { status: 'idle' } };
  }
  // A search main reports as cancelled was stopped on purpose: back to the form, not an error.
  return result.error.code === 'cancelled' ? { view: 'search', nhsNumber } : { view: 'search-failed', nhsNumber, error: result.error, lookup };
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
