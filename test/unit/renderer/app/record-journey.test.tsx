import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DownloadSummary } from '../../../../common/download.js';
import type { SearchsetBundle } from '../../../../common/fhir.js';
import type { PatientLookup } from '../../../../common/patient.js';
import { App } from '../../../../renderer/src/app/app.js';
import { type FakeDocumentStore, failure, installFakeDocumentStore, ok, pending } from '../support/fake-document-store.js';
import { NHS_NUMBER, SIGNED_IN, downloadSummary, patientLookup, searchBundle } from '../support/fixtures.js';

const LETTER = { id: 'doc-1', title: 'Discharge letter.pdf', contentType: 'application/pdf' };

/** The App signed in, on the search form. */
async function signedIn() {
  const store = installFakeDocumentStore();
  render(<App />);
  const user = userEvent.setup();
  await screen.findByRole('heading', { level: 1, name: "Search for a patient's documents" });
  return { store, user };
}

/** The App with the patient confirmed and a search that main answers only when the test says. */
async function startSearch() {
  const { store, user } = await signedIn();
  const answer = pending<SearchsetBundle>();
  store.api.documents.search.mockReturnValue(answer.promise);
  await user.type(screen.getByRole('textbox', { name: 'NHS number' }), '943 476 5919');
  await user.click(screen.getByRole('button', { name: 'Search' }));
  await user.click(await screen.findByRole('button', { name: 'Confirm this is the right patient' }));
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
    // The taskbar shows the same share as the window's bar.
    expect(store.api.app.setTaskbarProgress).toHaveBeenLastCalledWith(0.77);

    await download.resolve(ok(downloadSummary()));
    expect(screen.getByRole('alert', { name: 'Saved and verified' })).toBeDefined();
    expect(store.api.app.setTaskbarProgress).toHaveBeenLastCalledWith(null);
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

describe('finding and confirming the patient', () => {
  /** Signed in, with a look-up main answers when the test says, for the number typed. */
  async function startLookUp(number = '943 476 5919') {
    const { store, user } = await signedIn();
    const answer = pending<PatientLookup>();
    store.api.patients.lookUp.mockReturnValue(answer.promise);
    await user.type(screen.getByRole('textbox', { name: 'NHS number' }), number);
    await user.click(screen.getByRole('button', { name: 'Search' }));
    return { store, user, answer };
  }

  it('finds the patient, asks the user to check them, and lists documents only once confirmed', async () => {
    const { store, user, answer } = await startLookUp();
    expect(store.api.patients.lookUp).toHaveBeenCalledExactlyOnceWith(NHS_NUMBER);
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Finding the patient' }));

    await answer.resolve(ok(patientLookup()));
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: "Check the patient's details" }));
    expect(screen.getByText('Jane SMITH')).toBeDefined();
    expect(store.api.documents.search).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Confirm this is the right patient' }));
    expect(store.api.documents.search).toHaveBeenCalledExactlyOnceWith({ requestId: expect.any(String), nhsNumber: NHS_NUMBER });
    expect(await screen.findByText('Jane SMITH, born 3 March 1961')).toBeDefined();
  });

  it('goes back to the form with the number kept on Search again', async () => {
    const { user, answer } = await startLookUp();
    await answer.resolve(ok(patientLookup()));
    await user.click(screen.getByRole('button', { name: 'Search again' }));
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'NHS number' }).value).toBe(NHS_NUMBER);
  });

  it('cancels the look-up: back to the form, and the late answer is ignored', async () => {
    const { user, answer } = await startLookUp();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'NHS number' }).value).toBe(NHS_NUMBER);
    await answer.resolve(ok(patientLookup()));
    expect(screen.queryByRole('heading', { name: "Check the patient's details" })).toBeNull();
  });

  it('lists the surviving record\'s documents when the number typed was replaced', async () => {
    const { store, user, answer } = await startLookUp();
    await answer.resolve(ok(patientLookup({ replacedNhsNumber: NHS_NUMBER }, { nhsNumber: '9990000018' })));
    expect(screen.getByText('NHS number 943 476 5919 has been replaced by 999 000 0018; showing the current record.')).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Confirm this is the right patient' }));
    expect(store.api.documents.search).toHaveBeenCalledExactlyOnceWith({ requestId: expect.any(String), nhsNumber: '9990000018' });
  });

  it('says why the person may not see this patient, and offers only Search again', async () => {
    const { store, user, answer } = await startLookUp();
    const reason = 'This patient is not registered at your practice, so you cannot see their documents.';
    await answer.resolve(ok(patientLookup({ access: { maySearch: false, mayDownload: false, reason } })));
    expect(screen.getByText(reason)).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Confirm this is the right patient' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Search again' }));
    expect(store.api.documents.search).not.toHaveBeenCalled();
  });

  it("shows a patient main could not find with main's message and Search again, not Try again", async () => {
    const { answer } = await startLookUp();
    await answer.resolve(failure('patient-not-found', 'No patient has NHS number 943 476 5919. Check the number and search again.'));
    expect(within(screen.getByRole('alert')).getByText('No patient has NHS number 943 476 5919. Check the number and search again.')).toBeDefined();
    expect(document.title).toBe('Error: The patient could not be confirmed – Document Store Desktop');
    expect(screen.getByRole('button', { name: 'Search again' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('looks the patient up again with Try again when PDS could not be reached', async () => {
    const { store, user, answer } = await startLookUp();
    await answer.resolve(failure('patient-lookup-failed', "The patient's details could not be fetched. Try again."));
    store.api.patients.lookUp.mockReturnValue(pending<PatientLookup>().promise);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(store.api.patients.lookUp).toHaveBeenCalledTimes(2);
    expect(store.api.patients.lookUp).toHaveBeenLastCalledWith(NHS_NUMBER);
    expect(screen.getByRole('heading', { level: 1, name: 'Finding the patient' })).toBeDefined();
  });
});

describe('the download, by what the person may do', () => {
  async function resultsFor(prepare: (store: FakeDocumentStore) => void) {
    const store = installFakeDocumentStore();
    store.api.documents.search.mockResolvedValue(ok(searchBundle([LETTER])));
    prepare(store);
    render(<App />);
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: 'NHS number' }), NHS_NUMBER);
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await user.click(await screen.findByRole('button', { name: 'Confirm this is the right patient' }));
    await screen.findByRole('heading', { level: 1, name: 'Documents for NHS number 943 476 5919' });
  }

  it('offers no download to a role that may not download', async () => {
    await resultsFor((store) => store.api.session.get.mockResolvedValue(ok({ ...SIGNED_IN, mayDownload: false })));
    expect(screen.getByText('Your role can view this list but cannot download documents.')).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Download all documents' })).toBeNull();
  });

  it('offers no download of a patient main says may not be downloaded, and says why', async () => {
    const reason = 'Only inactive patients can be downloaded by Primary Care Support England.';
    await resultsFor((store) => store.api.patients.lookUp.mockResolvedValue(ok(patientLookup({ access: { maySearch: true, mayDownload: false, reason } }))));
    expect(screen.getByText(reason)).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Download all documents' })).toBeNull();
  });
});
