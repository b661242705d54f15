import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { STARTING_PROGRESS } from '../../../../../renderer/src/features/download/download-progress-model.js';
import type { DownloadState } from '../../../../../renderer/src/features/download/download-state.js';
import { toDocumentLists } from '../../../../../renderer/src/features/results/document-lists.js';
import { type ResultsActions, ResultsView } from '../../../../../renderer/src/features/results/results-view.js';
import type { SettingsActions, SettingsState } from '../../../../../renderer/src/features/settings/use-settings.js';
import type { PatientDetails } from '../../../../../common/patient.js';
import { installFakeDocumentStore } from '../../support/fake-document-store.js';
import { type ListedDocument, NHS_NUMBER, patientDetails, searchBundle } from '../../support/fixtures.js';
import { tableText } from '../../support/table-text.js';

const SETTINGS: SettingsState = { saveFolder: '/records', saveFolderLocked: false, saveFolderFromPolicy: false, choosing: false, error: null };

const LETTER: ListedDocument = { id: 'doc-1', title: 'Discharge letter.pdf', contentType: 'application/pdf', date: '2026-11-01T09:30:00' };
const SCAN: ListedDocument = { id: 'doc-2', title: 'Referral scan.tiff', contentType: 'image/tiff', date: '2026-10-12T14:05:00', scan: 'Infected' };

function renderResults(
  documents: ReadonlyArray<ListedDocument>,
  download: DownloadState = { status: 'idle' },
  extra: { readonly downloadRefusal?: string | null; readonly patient?: PatientDetails } = {},
) {
  installFakeDocumentStore();
  const actions = {
    refresh: vi.fn<ResultsActions['refresh']>(),
    startAgain: vi.fn<ResultsActions['startAgain']>(),
    download: vi.fn<ResultsActions['download']>(),
    cancelDownload: vi.fn<ResultsActions['cancelDownload']>(),
  };
  const settingsActions: SettingsActions = { chooseFolder: vi.fn(() => Promise.resolve('/records')), ensureFolder: vi.fn(() => Promise.resolve('/records')) };
  const state = { nhsNumber: NHS_NUMBER, fetchedAt: '2026-11-27T21:40:00', documents: toDocumentLists(searchBundle(documents)), download };
  render(<ResultsView state={state} actions={actions} settings={SETTINGS} settingsActions={settingsActions} {...extra} />);
  return { actions, user: userEvent.setup() };
}

describe('the results view', () => {
  it('names the patient and says when the list was read', () => {
    renderResults([LETTER]);
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Documents for NHS number 943 476 5919' }));
    expect(document.title).toBe('Documents for NHS number 943 476 5919 – Document Store Desktop');
    expect(screen.getByText('List fetched at 21:40 on 27 November 2026')).toBeDefined();
  });

  it('lists the documents available for download, each row headed by its file name', () => {
    renderResults([LETTER]);
    const table = screen.getByRole('table', { name: 'List of documents available' });
    expect(tableText(table)).toEqual([
      ['Select all documents shown', 'File name', 'Type', 'Uploaded ▼'],
      ['Select Discharge letter.pdf', 'Discharge letter.pdf', 'PDF', '1 November 2026, 09:30'],
    ]);
    expect(within(table).getByRole('rowheader').textContent).toBe('Discharge letter.pdf');
    expect(screen.queryByRole('table', { name: 'List of documents not available' })).toBeNull();
  });

  it('lists documents not available with the reason in words, and says so neutrally above the lists', () => {
    renderResults([LETTER, SCAN]);
    const note = screen.getByText(/^1 document cannot be downloaded\./u);
    // Information, not an error the user made.
    expect(note.closest('.nhsuk-inset-text')).not.toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText(/^Documents that did not pass the virus check cannot be downloaded\./u)).toBeDefined();
    const link = screen.getByRole('link', { name: 'See the list of documents not available, with the reasons' });
    expect(link.getAttribute('href')).toBe('#documents-not-available');

    const table = screen.getByRole('table', { name: 'List of documents not available' });
    expect(tableText(table)).toEqual([
      ['File name', 'Type', 'Uploaded', 'Reason'],
      ['Referral scan.tiff', 'TIFF image', '12 October 2026, 14:05', 'Failed the virus check'],
    ]);
  });

  it('says plainly when there is nothing to download', () => {
    renderResults([SCAN]);
    expect(screen.getByText('There are no documents available for this patient.')).toBeDefined();
    expect(screen.getByText('There is nothing to download for this patient.')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Download all documents' }).hasAttribute('disabled')).toBe(true);
  });

  it('keeps a long list in one table with its full row count, rendering only the rows near the window', () => {
    const documents = Array.from({ length: 1_500 }, (_, index): ListedDocument => ({ id: `doc-${index}`, title: `Letter ${index}.pdf` }));
    // happy-dom lays nothing out: rows are given the height a browser would give them.
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.tagName === 'TR' ? 48 : 0;
    });
    renderResults(documents);
    const table = screen.getByRole('table', { name: 'List of documents available' });
    expect(table.getAttribute('aria-rowcount')).toBe('1501');
    expect(within(table).getAllByRole('rowheader').length).toBeLessThan(100);
    // The table scrolls with the page: no scrolling box of its own.
    expect(screen.queryByRole('region', { name: 'List of documents available' })).toBeNull();
  });

  it('puts the download before the lists, so it is the first thing after the list\'s date', () => {
    renderResults([LETTER, SCAN]);
    const download = screen.getByRole('button', { name: 'Download all documents' });
    const table = screen.getByRole('table', { name: 'List of documents available' });
    expect(download.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('downloads the documents selected in the list, whatever the filter shows', async () => {
    const REPORT: ListedDocument = { id: 'doc-3', title: 'Blood results.pdf', contentType: 'application/pdf', date: '2026-09-01T10:00:00' };
    const { actions, user } = renderResults([LETTER, SCAN, REPORT]);
    expect(screen.getByRole('button', { name: 'Download selected (0)' }).hasAttribute('disabled')).toBe(true);
    await user.click(screen.getByRole('checkbox', { name: 'Select Blood results.pdf' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Discharge letter.pdf' }));
    await user.type(screen.getByLabelText('File name contains'), 'Discharge');
    expect(screen.queryByRole('checkbox', { name: 'Select Blood results.pdf' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Download selected (2)' }));
    expect(actions.download).toHaveBeenCalledExactlyOnceWith(NHS_NUMBER, ['doc-1', 'doc-3'], false);
  });

  it('reads the list again with Refresh, and goes back to the form with Start again', async () => {
    const { actions, user } = renderResults([LETTER]);
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(actions.refresh).toHaveBeenCalledOnce();
    await user.click(screen.getByRole('button', { name: 'Start again' }));
    await user.click(screen.getByRole('button', { name: 'Back to search' }));
    expect(actions.startAgain).toHaveBeenCalledTimes(2);
  });

  it('keeps the user on the list while a download runs', () => {
    renderResults([LETTER], { status: 'running', requestId: 'download-1', progress: STARTING_PROGRESS, cancelling: false });
    for (const name of ['Back to search', 'Refresh', 'Start again', 'Download all documents', 'Download selected (0)']) {
      expect(screen.getByRole('button', { name }).hasAttribute('disabled')).toBe(true);
    }
  });

  it('names the confirmed patient under the heading', () => {
    renderResults([LETTER], { status: 'idle' }, { patient: patientDetails() });
    expect(screen.getByText('Jane SMITH, born 3 March 1961')).toBeDefined();
  });

  it('puts the reason in place of the download controls when the person may not download', () => {
    renderResults([LETTER], { status: 'idle' }, { downloadRefusal: 'Your role can view this list but cannot download documents.' });
    const reason = screen.getByText('Your role can view this list but cannot download documents.');
    expect(reason.closest('.nhsuk-inset-text')).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'Download all documents' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Download selected/u })).toBeNull();
    // Nothing to choose documents for: the list stays, without its checkboxes.
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(within(screen.getByRole('table', { name: 'List of documents available' })).getByRole('rowheader').textContent).toBe('Discharge letter.pdf');
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeDefined();
  });
});
