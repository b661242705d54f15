import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DownloadSummary } from '../../../../common/download.js';
import type { SearchsetBundle } from '../../../../common/fhir.js';
import { App } from '../../../../renderer/src/app/app.js';
import { INITIAL_JOURNEY_STATE, type JourneyState, journeyReducer } from '../../../../renderer/src/app/journey-state.js';
import { STARTING_PROGRESS } from '../../../../renderer/src/features/download/download-progress-model.js';
import { toDocumentLists } from '../../../../renderer/src/features/results/document-lists.js';
import { type FakeDocumentStore, failure, installFakeDocumentStore, ok, pending } from '../support/fake-document-store.js';
import { NHS_NUMBER, downloadSummary, searchBundle } from '../support/fixtures.js';

const LETTER = { id: 'doc-1', title: 'Discharge letter.pdf', contentType: 'application/pdf' };

/** The App with a search that main answers only when the test says. */
async function startSearch() {
  const store = installFakeDocumentStore();
  const answer = pending<SearchsetBundle>();
  store.api.documents.search.mockReturnValue(answer.promise);
  render(<App />);
  const user = userEvent.setup();
  await user.type(screen.getByRole('textbox', { name: 'NHS number' }), '943 476 5919');
  await user.click(screen.getByRole('button', { name: 'Search' }));
  return { store, user, answer, requestId: store.api.documents.search.mock.lastCall?.[0].requestId ?? '' };
}

/** The App on the results of a search that found one document, with a download main answers when the test says. */
async function showResults() {
  const search = await startSearch();
  await search.answer.resolve(ok(searchBundle([LETTER])));
  const download = pending<DownloadSummary>();
  search.store.api.download.start.mockReturnValue(download.promise);
  return { ...search, download };
}

/** The page's main content: the footer has a status region of its own. */
function main(): HTMLElement {
  return screen.getByRole('main');
}

function downloadRequestId(store: FakeDocumentStore): string {
  return store.api.download.start.mock.lastCall?.[0].requestId ?? '';
}

describe('the record journey', () => {
  it('searches for the number, shows how far that search has read, then lists the documents', async () => {
    const { store, answer, requestId } = await startSearch();
    expect(screen.getByRole('heading', { level: 1, name: 'Searching for documents' })).toBeDefined();
    expect(store.api.documents.search).toHaveBeenCalledExactlyOnceWith({ requestId, nhsNumber: NHS_NUMBER });

    store.emitSearchProgress({ requestId: 'an-earlier-search', pagesRead: 9, itemsRead: 900 });
    expect(within(main()).getByRole('status').textContent).toBe('Searching…');
    store.emitSearchProgress({ requestId, pagesRead: 2, itemsRead: 40 });
    expect(within(main()).getByRole('status').textContent).toBe('Searching… 2 pages read, 40 documents found so far.');

    await answer.resolve(ok(searchBundle([LETTER])));
    expect(screen.getByRole('heading', { level: 1, name: 'Documents for NHS number 943 476 5919' })).toBeDefined();
    expect(within(screen.getByRole('table', { name: 'List of documents available' })).getByRole('rowheader').textContent).toBe('Discharge letter.pdf');
  });

  it('cancels a search: back to the form with the number kept, and the late answer is ignored', async () => {
    const { store, user, answer, requestId } = await startSearch();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(store.api.documents.cancelSearch).toHaveBeenCalledExactlyOnceWith(requestId);
    expect(screen.getByRole('heading', { level: 1, name: "Search for a patient's documents" })).toBeDefined();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'NHS number' }).value).toBe(NHS_NUMBER);

    await answer.resolve(ok(searchBundle([LETTER])));
    expect(screen.getByRole('heading', { level: 1, name: "Search for a patient's documents" })).toBeDefined();
  });

  it("shows a failed search with main's message, and searches again with Try again", async () => {
    const { store, user, answer } = await startSearch();
    await answer.resolve(failure('unreachable', 'The document store could not be reached. Check the connection and try again.'));
    expect(within(screen.getByRole('alert')).getByText('The document store could not be reached. Check the connection and try again.')).toBeDefined();
    expect(screen.getByText('The list of documents could not be fetched.')).toBeDefined();
    expect(document.title).toBe('Error: Documents could not be listed – Document Store Desktop');

    store.api.documents.search.mockReturnValue(pending<SearchsetBundle>().promise);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(store.api.documents.search).toHaveBeenCalledTimes(2);
    expect(screen.getByRole('heading', { level: 1, name: 'Searching for documents' })).toBeDefined();
  });

  it('starts again from a failed search with an empty form', async () => {
    const { user, answer } = await startSearch();
    await answer.resolve(failure('unreachable', 'The document store could not be reached.'));
    await user.click(screen.getByRole('button', { name: 'Start again' }));
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'NHS number' }).value).toBe('');
  });

  it('downloads the documents: progress for that download, then the saved ZIP', async () => {
    const { store, user, download } = await showResults();
    await user.click(screen.getByRole('button', { name: 'Download all documents' }));
    const requestId = downloadRequestId(store);
    expect(store.api.download.start).toHaveBeenCalledExactlyOnceWith({ requestId, nhsNumber: NHS_NUMBER });

    store.emitDownloadProgress({ requestId, progress: { phase: 'saving', documentsDone: 1, documentsFailed: 0, documentsTotal: 1, bytesDone: 524_288, bytesTotal: 1_048_576 } });
    expect(screen.getByText('Step 3 of 4: Saving to your folder')).toBeDefined();
    // Half of the saving step: the two steps before it and half of this one's share of the whole job.
    expect(screen.getByRole('progressbar', { name: 'Download progress' }).getAttribute('aria-valuenow')).toBe('77');
    expect(screen.getByText('0.5 MB of 1.0 MB')).toBeDefined();

    await download.resolve(ok(downloadSummary()));
    expect(screen.getByRole('alert', { name: 'Saved and verified' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Start again' }).hasAttribute('disabled')).toBe(false);
  });

  it('downloads the selected documents only, then tries the ones it could not collect again', async () => {
    const { store, user, download } = await showResults();
    await user.click(screen.getByRole('checkbox', { name: `Select ${LETTER.title}` }));
    await user.click(screen.getByRole('button', { name: 'Download selected (1)' }));
    expect(store.api.download.start).toHaveBeenCalledExactlyOnceWith({ requestId: downloadRequestId(store), nhsNumber: NHS_NUMBER, documentIds: [LETTER.id] });

    const missing = [{ id: LETTER.id, fileName: LETTER.title, error: 'Timed out.' }];
    await download.resolve(ok(downloadSummary({ included: [], missing })));
    store.api.download.start.mockReturnValue(pending<DownloadSummary>().promise);
    await user.click(screen.getByRole('button', { name: 'Try the missing documents again' }));
    expect(store.api.download.start).toHaveBeenLastCalledWith({ requestId: downloadRequestId(store), nhsNumber: NHS_NUMBER, documentIds: [LETTER.id] });
    expect(screen.getByRole('heading', { level: 3, name: 'Downloading documents' })).toBeDefined();
  });

  it('cancels a download and says nothing was saved once main has stopped', async () => {
    const { store, user, download } = await showResults();
    await user.click(screen.getByRole('button', { name: 'Download all documents' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(store.api.download.cancel).toHaveBeenCalledExactlyOnceWith(downloadRequestId(store));
    expect(screen.getByText('Cancelling the download…')).toBeDefined();

    await download.resolve(failure('cancelled', 'Download cancelled. Nothing was saved.'));
    expect(within(main()).getByText('Download cancelled. Nothing was saved.').closest('[role="status"]')).not.toBeNull();
    expect(within(main()).queryByRole('alert')).toBeNull();
  });
});

describe('journeyReducer', () => {
  const results: JourneyState = {
    view: 'results',
    nhsNumber: NHS_NUMBER,
    fetchedAt: '2026-11-27T21:40:00',
    documents: toDocumentLists(searchBundle([LETTER])),
    download: { status: 'running', requestId: 'download-1', progress: STARTING_PROGRESS, cancelling: false },
  };

  it('keeps a running download: no new search and no start again until it ends', () => {
    expect(journeyReducer(results, { type: 'search-started', requestId: 'search-2', nhsNumber: NHS_NUMBER })).toBe(results);
    expect(journeyReducer(results, { type: 'start-again' })).toBe(results);
  });

  it('ignores events for a download it no longer waits for', () => {
    const progress = { phase: 'zipping', documentsDone: 1, documentsFailed: 0, documentsTotal: 2, bytesDone: 10 } as const;
    expect(journeyReducer(results, { type: 'download-progress', requestId: 'download-0', progress, at: 1_000 })).toBe(results);
    expect(journeyReducer(results, { type: 'download-finished', requestId: 'download-0', result: ok(downloadSummary()) })).toBe(results);
  });

  it('folds the download\'s phases into one progress for the whole job', () => {
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
    const searching = journeyReducer(INITIAL_JOURNEY_STATE, { type: 'search-started', requestId: 'search-1', nhsNumber: NHS_NUMBER });
    const finished = journeyReducer(searching, { type: 'search-finished', requestId: 'search-1', result: failure('cancelled', 'Search cancelled.') });
    expect(finished).toEqual({ view: 'search', nhsNumber: NHS_NUMBER });
  });
});
