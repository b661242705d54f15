/**
 * "Also save one PDF of the whole record": the choice beside the Download buttons, remembered while the window is
 * open, and the PDF in the saved outcome, with "Open PDF", or why it could not be made; the ZIP stays "Saved and
 * verified" whatever happened to the PDF.
 */
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DownloadSummary } from '../../../../../common/download.js';
import type { SearchsetBundle } from '../../../../../common/fhir.js';
import { App } from '../../../../../renderer/src/app/app.js';
import { type DownloadActions, DownloadPanel } from '../../../../../renderer/src/features/download/download-panel.js';
import { DownloadSaved } from '../../../../../renderer/src/features/download/download-saved.js';
import { STARTING_PROGRESS } from '../../../../../renderer/src/features/download/download-progress-model.js';
import type { DownloadState } from '../../../../../renderer/src/features/download/download-state.js';
import type { SettingsActions, SettingsState } from '../../../../../renderer/src/features/settings/use-settings.js';
import { failure, installFakeDocumentStore, ok, pending } from '../../support/fake-document-store.js';
import { NHS_NUMBER, downloadSummary, searchBundle } from '../../support/fixtures.js';

const CHOICE = 'Also save one PDF of the whole record';
const FOLDER = '/home/user/Documents/Records';
const PDF_PATH = `${FOLDER}/patient-record-9434765919.pdf`;
const PROBLEM = 'The ZIP was saved and verified. The PDF of the record could not be made: there is not enough space on the disk.';

beforeEach(() => {
  sessionStorage.clear();
});

function renderPanel(download: DownloadState = { status: 'idle' }) {
  const store = installFakeDocumentStore();
  const actions = { download: vi.fn<DownloadActions['download']>(), cancelDownload: vi.fn<DownloadActions['cancelDownload']>() };
  const settings: SettingsState = { saveFolder: FOLDER, saveFolderLocked: false, saveFolderFromPolicy: false, choosing: false, error: null };
  const settingsActions = { chooseFolder: vi.fn<SettingsActions['chooseFolder']>(() => Promise.resolve(FOLDER)), ensureFolder: vi.fn<SettingsActions['ensureFolder']>(() => Promise.resolve(FOLDER)) };
  const view = render(
    <DownloadPanel nhsNumber={NHS_NUMBER} availableCount={12} selectedIds={[]} download={download} actions={actions} settings={settings} settingsActions={settingsActions} />,
  );
  return { store, actions, user: userEvent.setup(), unmount: view.unmount };
}

describe('the choice of a record PDF', () => {
  it('is offered unticked, says what the PDF is, and asks for it with the download when ticked', async () => {
    const { actions, user } = renderPanel();
    const choice = screen.getByRole<HTMLInputElement>('checkbox', { name: CHOICE });
    expect(choice.checked).toBe(false);
    expect(choice.getAttribute('aria-describedby')).not.toBeNull();
    expect(screen.getByText(/^Saved beside the ZIP file, to read or print/u)).toBeDefined();

    await user.click(choice);
    await user.click(screen.getByRole('button', { name: 'Download all documents' }));

    expect(actions.download).toHaveBeenCalledExactlyOnceWith(NHS_NUMBER, undefined, true);
  });

  it('is remembered for the next patient while the app is open', async () => {
    const first = renderPanel();
    await first.user.click(screen.getByRole('checkbox', { name: CHOICE }));
    first.unmount();

    renderPanel();

    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: CHOICE }).checked).toBe(true);
  });

  it('cannot be changed while a download runs', () => {
    renderPanel({ status: 'running', requestId: 'd1', progress: STARTING_PROGRESS, cancelling: false });
    expect(screen.getByRole('checkbox', { name: CHOICE }).hasAttribute('disabled')).toBe(true);
  });
});

describe('the saved outcome with a record PDF', () => {
  function renderSaved(summary: DownloadSummary) {
    const store = installFakeDocumentStore();
    render(<DownloadSaved summary={summary} onRetry={() => undefined} />);
    return { store, user: userEvent.setup() };
  }

  it('shows where the PDF is, how many pages it has, and opens it with "Open PDF"', async () => {
    const { store, user } = renderSaved(downloadSummary({ recordPdf: { file: PDF_PATH, sha256: 'b'.repeat(64), bytes: 400_000, pages: 14, zipOnly: 2 } }));
    const saved = screen.getByRole('alert', { name: 'Saved and verified' });
    expect(within(saved).getByText(PDF_PATH)).toBeDefined();
    expect(within(saved).getByText(/14 pages, with a list of the documents first\. 2 documents are in the ZIP file only: the list names them\./u)).toBeDefined();

    await user.click(within(saved).getByRole('button', { name: 'Open PDF' }));

    expect(store.api.files.open).toHaveBeenCalledExactlyOnceWith(PDF_PATH);
  });

  it('says why "Open PDF" did not open it', async () => {
    const { store, user } = renderSaved(downloadSummary({ recordPdf: { file: PDF_PATH, sha256: 'b'.repeat(64), bytes: 400_000, pages: 1, zipOnly: 0 } }));
    store.api.files.open.mockResolvedValueOnce(failure('open-failed', 'The file could not be opened: no PDF reader. Use "Show in folder" instead.'));

    await user.click(screen.getByRole('button', { name: 'Open PDF' }));

    expect(await screen.findByText(/no PDF reader/u)).toBeDefined();
  });

  it('keeps the ZIP "Saved and verified" and says plainly why the PDF could not be made', () => {
    renderSaved(downloadSummary({ recordPdf: { problem: PROBLEM } }));
    const saved = screen.getByRole('alert', { name: 'Saved and verified' });
    expect(within(saved).getByText(PROBLEM)).toBeDefined();
    expect(within(saved).queryByRole('button', { name: 'Open PDF' })).toBeNull();
    expect(within(saved).getByRole('button', { name: 'Open' })).toBeDefined();
  });

  it('says nothing of a PDF when none was asked for', () => {
    renderSaved(downloadSummary());
    expect(screen.queryByText(/PDF of the record/u)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Open PDF' })).toBeNull();
  });
});

describe('the record journey with a record PDF', () => {
  it('asks main for the PDF with the download when the box is ticked, shows its making as a fifth step, and the PDF when saved', async () => {
    const store = installFakeDocumentStore();
    render(<App />);
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: "Search for a patient's documents" });
    const search = pending<SearchsetBundle>();
    store.api.documents.search.mockReturnValue(search.promise);
    await user.type(screen.getByRole('textbox', { name: 'NHS number' }), '943 476 5919');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await user.click(await screen.findByRole('button', { name: 'Confirm this is the right patient' }));
    await search.resolve(ok(searchBundle([{ id: 'doc-1', title: 'Discharge letter.pdf', contentType: 'application/pdf' }])));
    const download = pending<DownloadSummary>();
    store.api.download.start.mockReturnValue(download.promise);

    await user.click(screen.getByRole('checkbox', { name: CHOICE }));
    await user.click(screen.getByRole('button', { name: 'Download all documents' }));

    const requestId = store.api.download.start.mock.lastCall?.[0].requestId ?? '';
    expect(store.api.download.start).toHaveBeenCalledExactlyOnceWith({ requestId, nhsNumber: NHS_NUMBER, recordPdf: true });
    expect(screen.getByText('Step 1 of 5: Finding the documents')).toBeDefined();
    store.emitDownloadProgress({ requestId, progress: { phase: 'recordPdf', documentsDone: 1, documentsFailed: 0, documentsTotal: 2, bytesDone: 500, bytesTotal: 1_000 } });
    expect(screen.getByText('Step 5 of 5: Making the PDF of the record')).toBeDefined();
    // The taskbar shows the same share as the window's bar: the ZIP's three quarters and half the PDF's.
    expect(store.api.app.setTaskbarProgress).toHaveBeenLastCalledWith(0.87);
    await download.resolve(ok(downloadSummary({ recordPdf: { file: PDF_PATH, sha256: 'b'.repeat(64), bytes: 400_000, pages: 3, zipOnly: 0 } })));
    expect(within(screen.getByRole('alert', { name: 'Saved and verified' })).getByRole('button', { name: 'Open PDF' })).toBeDefined();
  });
});
