import { describe, expect, it } from 'vitest';
import { INITIAL_JOURNEY_STATE, type JourneyState, journeyReducer } from '../../../../renderer/src/app/journey-state.js';
import { STARTING_PROGRESS } from '../../../../renderer/src/features/download/download-progress-model.js';
import { describeStep } from '../../../../renderer/src/features/download/download-progress-text.js';
import { toDocumentLists } from '../../../../renderer/src/features/results/document-lists.js';
import { failure, ok } from '../support/fake-document-store.js';
import { NHS_NUMBER, downloadSummary, patientLookup, searchBundle } from '../support/fixtures.js';

const LETTER = { id: 'doc-1', title: 'Discharge letter.pdf', contentType: 'application/pdf' };
const LOOKUP = patientLookup();

const results: JourneyState = {
  view: 'results',
  nhsNumber: NHS_NUMBER,
  lookup: LOOKUP,
  fetchedAt: '2026-11-27T21:40:00',
  documents: toDocumentLists(searchBundle([LETTER])),
  download: { status: 'running', requestId: 'download-1', progress: STARTING_PROGRESS, cancelling: false },
};

function run(...actions: ReadonlyArray<Parameters<typeof journeyReducer>[1]>): JourneyState {
  return actions.reduce(journeyReducer, INITIAL_JOURNEY_STATE);
}

describe('journeyReducer: the patient', () => {
  it('finds the patient, then waits for the user to confirm them before any search', () => {
    const finding = run({ type: 'look-up-started', requestId: 'look-up-1', nhsNumber: NHS_NUMBER });
    expect(finding).toEqual({ view: 'finding-patient', requestId: 'look-up-1', nhsNumber: NHS_NUMBER });
    const confirming = journeyReducer(finding, { type: 'look-up-finished', requestId: 'look-up-1', result: ok(LOOKUP) });
    expect(confirming).toEqual({ view: 'confirm-patient', nhsNumber: NHS_NUMBER, lookup: LOOKUP });
    expect(journeyReducer(confirming, { type: 'search-started', requestId: 'search-1' })).toEqual({
      view: 'searching',
      requestId: 'search-1',
      nhsNumber: NHS_NUMBER,
      progress: null,
      lookup: LOOKUP,
    });
  });

  it('never searches for documents without a confirmed patient the person may search', () => {
    const refused = patientLookup({ access: { maySearch: false, mayDownload: false, reason: 'Not your practice.' } });
    const states: ReadonlyArray<JourneyState> = [
      INITIAL_JOURNEY_STATE,
      { view: 'finding-patient', requestId: 'look-up-1', nhsNumber: NHS_NUMBER },
      { view: 'confirm-patient', nhsNumber: NHS_NUMBER, lookup: refused },
      { view: 'search-failed', nhsNumber: NHS_NUMBER, error: { code: 'patient-not-found', message: 'Not found.' }, lookup: null },
    ];
    for (const state of states) {
      expect(journeyReducer(state, { type: 'search-started', requestId: 'search-1' })).toBe(state);
    }
  });

  it('searches the surviving number when the one typed was replaced', () => {
    const replaced = patientLookup({ replacedNhsNumber: NHS_NUMBER }, { nhsNumber: '9990000018' });
    const searching = run(
      { type: 'look-up-started', requestId: 'look-up-1', nhsNumber: NHS_NUMBER },
      { type: 'look-up-finished', requestId: 'look-up-1', result: ok(replaced) },
      { type: 'search-started', requestId: 'search-1' },
    );
    expect(searching).toMatchObject({ view: 'searching', nhsNumber: '9990000018' });
  });

  it('ignores the answer to a look-up it no longer waits for', () => {
    const cancelled = run(
      { type: 'look-up-started', requestId: 'look-up-1', nhsNumber: NHS_NUMBER },
      { type: 'look-up-cancelled', requestId: 'look-up-1' },
    );
    expect(cancelled).toEqual({ view: 'search', nhsNumber: NHS_NUMBER });
    expect(journeyReducer(cancelled, { type: 'look-up-finished', requestId: 'look-up-1', result: ok(LOOKUP) })).toBe(cancelled);
  });

  it('shows a failed look-up as failed at the patient, and Search again keeps the number typed', () => {
    const failed = run(
      { type: 'look-up-started', requestId: 'look-up-1', nhsNumber: NHS_NUMBER },
      { type: 'look-up-finished', requestId: 'look-up-1', result: failure('patient-number-superseded', 'Replaced.') },
    );
    expect(failed).toEqual({ view: 'search-failed', nhsNumber: NHS_NUMBER, error: { code: 'patient-number-superseded', message: 'Replaced.' }, lookup: null });
    expect(journeyReducer(failed, { type: 'search-again' })).toEqual({ view: 'search', nhsNumber: NHS_NUMBER });
  });

  it('keeps the confirmed patient through a failed search, so Try again searches for them again', () => {
    const failed = run(
      { type: 'look-up-started', requestId: 'look-up-1', nhsNumber: NHS_NUMBER },
      { type: 'look-up-finished', requestId: 'look-up-1', result: ok(LOOKUP) },
      { type: 'search-started', requestId: 'search-1' },
      { type: 'search-finished', requestId: 'search-1', result: failure('unreachable', 'Unreachable.') },
    );
    expect(failed).toMatchObject({ view: 'search-failed', lookup: LOOKUP });
    expect(journeyReducer(failed, { type: 'search-started', requestId: 'search-2' })).toMatchObject({ view: 'searching', requestId: 'search-2' });
  });
});

describe('journeyReducer: the session', () => {
  it('forgets the patient and their documents when cleared, even with a download running', () => {
    expect(journeyReducer(results, { type: 'cleared' })).toEqual(INITIAL_JOURNEY_STATE);
    const confirming: JourneyState = { view: 'confirm-patient', nhsNumber: NHS_NUMBER, lookup: LOOKUP };
    expect(journeyReducer(confirming, { type: 'cleared' })).toEqual(INITIAL_JOURNEY_STATE);
  });

  it('ignores a late answer for a journey that was cleared', () => {
    const cleared = journeyReducer(results, { type: 'cleared' });
    expect(journeyReducer(cleared, { type: 'download-finished', requestId: 'download-1', result: ok(downloadSummary()) })).toBe(cleared);
  });
});

describe('journeyReducer: searches and downloads', () => {
  it('keeps a running download: no new look-up or search, no start again until it ends', () => {
    expect(journeyReducer(results, { type: 'look-up-started', requestId: 'look-up-2', nhsNumber: NHS_NUMBER })).toBe(results);
    expect(journeyReducer(results, { type: 'search-started', requestId: 'search-2' })).toBe(results);
    expect(journeyReducer(results, { type: 'start-again' })).toBe(results);
    expect(journeyReducer(results, { type: 'search-again' })).toBe(results);
  });

  it('starts no download of a patient main says may not be downloaded', () => {
    const idle: JourneyState = {
      ...results,
      lookup: patientLookup({ access: { maySearch: true, mayDownload: false, reason: 'No.' } }),
      download: { status: 'idle' },
    };
    expect(journeyReducer(idle, { type: 'download-started', requestId: 'download-2' })).toBe(idle);
  });

  it('counts five steps from the start when the PDF of the record was asked for, four when not', () => {
    const idle: JourneyState = { ...results, download: { status: 'idle' } };
    const stepsOf = (state: JourneyState) => (state.view === 'results' && state.download.status === 'running' ? describeStep(state.download.progress) : undefined);
    expect(stepsOf(journeyReducer(idle, { type: 'download-started', requestId: 'download-2', recordPdf: true }))).toBe('Step 1 of 5: Finding the documents');
    expect(stepsOf(journeyReducer(idle, { type: 'download-started', requestId: 'download-2' }))).toBe('Step 1 of 4: Finding the documents');
  });

  it('ignores events for a download it no longer waits for', () => {
    const progress = { phase: 'zipping', documentsDone: 1, documentsFailed: 0, documentsTotal: 2, bytesDone: 10 } as const;
    expect(journeyReducer(results, { type: 'download-progress', requestId: 'download-0', progress, at: 1_000 })).toBe(results);
    expect(journeyReducer(results, { type: 'download-finished', requestId: 'download-0', result: ok(downloadSummary()) })).toBe(results);
  });

  it("folds the download's phases into one progress for the whole job", () => {
    const progressOf = (state: JourneyState) => (state.view === 'results' && state.download.status === 'running' ? state.download.progress : undefined);
    const collecting = journeyReducer(results, {
      type: 'download-progress',
      requestId: 'download-1',
      progress: { phase: 'zipping', documentsDone: 2, documentsFailed: 0, documentsTotal: 2, bytesDone: 4_000_000 },
      at: 0,
    });
    const auditing = journeyReducer(collecting, {
      type: 'download-progress',
      requestId: 'download-1',
      progress: { phase: 'auditing', documentsDone: 2, documentsFailed: 0, documentsTotal: 2, bytesDone: 0, bytesTotal: 4_100_000 },
      at: 3_000,
    });
    expect(progressOf(collecting)).toMatchObject({ step: 2, documentsDone: 2 });
    expect(progressOf(auditing)).toMatchObject({ step: 3, bytesTotal: 4_100_000 });
    // Collecting is done and saving has not begun: the bar stays where it was.
    expect(progressOf(auditing)?.fraction).toBe(progressOf(collecting)?.fraction);
  });

  it('goes back to the form, not to an error, when main reports the search as cancelled', () => {
    const finished = run(
      { type: 'look-up-started', requestId: 'look-up-1', nhsNumber: NHS_NUMBER },
      { type: 'look-up-finished', requestId: 'look-up-1', result: ok(LOOKUP) },
      { type: 'search-started', requestId: 'search-1' },
      { type: 'search-finished', requestId: 'search-1', result: failure('cancelled', 'Search cancelled.') },
    );
    expect(finished).toEqual({ view: 'search', nhsNumber: NHS_NUMBER });
  });
});
