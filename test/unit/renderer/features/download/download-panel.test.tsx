import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { type DownloadActions, DownloadPanel } from '../../../../../renderer/src/features/download/download-panel.js';
import {
  advanceProgress,
  type DownloadJobProgress,
  STARTING_PROGRESS,
  startingProgress,
} from '../../../../../renderer/src/features/download/download-progress-model.js';
import type { DownloadState } from '../../../../../renderer/src/features/download/download-state.js';
import type { SettingsActions, SettingsState } from '../../../../../renderer/src/features/settings/use-settings.js';
import { failure, installFakeDocumentStore } from '../../support/fake-document-store.js';
import { NHS_NUMBER, downloadSummary } from '../../support/fixtures.js';

function running(progress: DownloadJobProgress, cancelling = false): DownloadState {
  return { status: 'running', requestId: 'download-1', progress, cancelling };
}

const FOLDER = '/home/user/Documents/Records';

interface PanelOptions {
  readonly download?: DownloadState;
  readonly saveFolder?: string | null;
  /** What the folder dialog gives when the user is asked for one; null when they close it. */
  readonly chosenFolder?: string | null;
  readonly selectedIds?: ReadonlyArray<string>;
}

function renderPanel({ download = { status: 'idle' }, saveFolder = FOLDER, chosenFolder = FOLDER, selectedIds = [] }: PanelOptions = {}) {
  const store = installFakeDocumentStore();
  const actions = { download: vi.fn<DownloadActions['download']>(), cancelDownload: vi.fn<DownloadActions['cancelDownload']>() };
  const settings: SettingsState = { saveFolder, saveFolderLocked: false, saveFolderFromPolicy: false, choosing: false, error: null };
  const settingsActions = {
    chooseFolder: vi.fn<SettingsActions['chooseFolder']>(() => Promise.resolve(chosenFolder)),
    ensureFolder: vi.fn<SettingsActions['ensureFolder']>(() => Promise.resolve(saveFolder ?? chosenFolder)),
  };
  const panel = (state: DownloadState) => (
    <DownloadPanel
      nhsNumber={NHS_NUMBER}
      availableCount={12}
      selectedIds={selectedIds}
      download={state}
      actions={actions}
      settings={settings}
      settingsActions={settingsActions}
    />
  );
  const view = render(panel(download));
  return { store, actions, settingsActions, user: userEvent.setup(), rerender: (state: DownloadState) => view.rerender(panel(state)) };
}

describe('the download panel', () => {
  it('offers the download of every available document into the save folder', async () => {
    const { actions, user } = renderPanel();
    expect(screen.getByText(/^Save the 12 documents available for download in one ZIP file, or select some of them in the list to save only those\./u)).toBeDefined();
    expect(screen.getByText(FOLDER)).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Download all documents' }));
    expect(actions.download).toHaveBeenCalledExactlyOnceWith(NHS_NUMBER, undefined, false);
  });

  it('offers "Download selected (N)" beside it, which saves only the selected documents', async () => {
    const { actions, user } = renderPanel({ selectedIds: ['doc-3', 'doc-1'] });
    await user.click(screen.getByRole('button', { name: 'Download selected (2)' }));
    expect(actions.download).toHaveBeenCalledExactlyOnceWith(NHS_NUMBER, ['doc-3', 'doc-1'], false);
  });

  it('keeps "Download selected (0)" disabled while nothing is selected', () => {
    renderPanel();
    expect(screen.getByRole('button', { name: 'Download selected (0)' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Download all documents' }).hasAttribute('disabled')).toBe(false);
  });

  it('says how many selected documents one download takes when more are selected', () => {
    renderPanel({ selectedIds: Array.from({ length: 5_001 }, (_, index) => `doc-${index}`) });
    expect(screen.getByRole('button', { name: 'Download selected (5,001)' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('You can download up to 5,000 selected documents at a time. Select fewer, or select "Download all documents".')).toBeDefined();
  });

  it('offers "Choose folder" while no folder is set', async () => {
    const { actions, settingsActions, user } = renderPanel({ saveFolder: null, chosenFolder: null });
    expect(screen.getByText('no folder chosen yet')).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Choose folder' }));
    expect(settingsActions.chooseFolder).toHaveBeenCalledOnce();
    expect(actions.download).not.toHaveBeenCalled();
  });

  it('says nothing was downloaded when the user closed the folder question without choosing, naming the button to select again', async () => {
    const { actions, settingsActions, user } = renderPanel({ selectedIds: ['doc-1'] });
    settingsActions.ensureFolder.mockResolvedValue(null);
    await user.click(screen.getByRole('button', { name: 'Download selected (1)' }));
    const notice = await screen.findByText(
      'No folder was chosen, so nothing was downloaded. Select "Download selected (1)" again and choose a folder to save to.',
    );
    expect(notice.closest('[role="status"]')).not.toBeNull();
    expect(actions.download).not.toHaveBeenCalled();
  });

  it('shows a running download: its step, one bar for the whole job, documents and megabytes, speed and time left', () => {
    const { rerender } = renderPanel({ download: running(STARTING_PROGRESS) });
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 3, name: 'Downloading documents' }));
    expect(screen.getByText('Step 1 of 4: Finding the documents').getAttribute('role')).toBe('status');
    expect(screen.getByRole('progressbar', { name: 'Download progress' }).getAttribute('aria-valuenow')).toBe('0');

    // Events 3 seconds apart on the injected clock: 5 of 12 documents, 1.25 MB read since the first.
    const first = advanceProgress(STARTING_PROGRESS, { phase: 'zipping', documentsDone: 0, documentsFailed: 0, documentsTotal: 12, bytesDone: 0 }, 10_000);
    rerender(running(advanceProgress(first, { phase: 'zipping', documentsDone: 5, documentsFailed: 0, documentsTotal: 12, bytesDone: 1_310_720 }, 13_000)));
    const bar = screen.getByRole('progressbar', { name: 'Download progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('27');
    expect(bar.getAttribute('aria-valuetext')).toBe('27%: Step 2 of 4: Collecting documents');
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      '5 of 12 documents collected',
      '1.3 MB read',
      '0.4 MB a second',
      'Less than a minute left',
    ]);
    expect(screen.getByRole('button', { name: 'Download all documents' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Change folder' }).hasAttribute('disabled')).toBe(true);
  });

  it('counts documents that could not be collected as failed, not as done', () => {
    renderPanel({
      download: running(advanceProgress(STARTING_PROGRESS, { phase: 'zipping', documentsDone: 4, documentsFailed: 2, documentsTotal: 12, bytesDone: 0 }, 0)),
    });
    expect(screen.getByText('4 of 12 documents collected')).toBeDefined();
    expect(screen.getByText('2 documents could not be collected')).toBeDefined();
  });

  it('shows the PDF of the record as the fifth step, and that Cancel then keeps the saved ZIP', async () => {
    const making = advanceProgress(
      startingProgress(true),
      { phase: 'recordPdf', documentsDone: 3, documentsFailed: 0, documentsTotal: 12, bytesDone: 3_000_000, bytesTotal: 12_000_000 },
      0,
    );
    const { actions, user, rerender } = renderPanel({ download: running(making) });
    expect(screen.getByText('Step 5 of 5: Making the PDF of the record').getAttribute('role')).toBe('status');
    expect(screen.getByRole('progressbar', { name: 'Download progress' }).getAttribute('aria-valuetext')).toBe('81%: Step 5 of 5: Making the PDF of the record');
    expect(screen.getByText('3 of 12 documents done')).toBeDefined();
    expect(screen.getByText('The ZIP file is saved and checked. If you cancel now, only the PDF is stopped and the ZIP file stays in your folder.')).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(actions.cancelDownload).toHaveBeenCalledExactlyOnceWith('download-1');
    rerender(running(making, true));
    expect(screen.getByText('Cancelling the PDF of the record… The ZIP file stays saved.').getAttribute('role')).toBe('status');
  });

  it('says nothing of a PDF while the ZIP is still being made, even when the PDF was asked for', () => {
    renderPanel({ download: running(startingProgress(true)) });
    expect(screen.getByText('Step 1 of 5: Finding the documents')).toBeDefined();
    expect(screen.queryByText(/only the PDF is stopped/u)).toBeNull();
  });

  it('cancels the running download, and says so until it has stopped', async () => {
    const { actions, user, rerender } = renderPanel({ download: running(STARTING_PROGRESS) });
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(actions.cancelDownload).toHaveBeenCalledExactlyOnceWith('download-1');

    rerender(running(STARTING_PROGRESS, true));
    expect(screen.getByText('Cancelling the download…')).toBeDefined();

    rerender({ status: 'cancelled' });
    expect(screen.getByText('Download cancelled. Nothing was saved.')).toBeDefined();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows a complete save in green: every document saved and the file checked', async () => {
    const { user } = renderPanel({ download: { status: 'saved', summary: downloadSummary() } });
    const banner = screen.getByRole('alert', { name: 'Saved and verified' });
    expect(banner.className).toContain('nhsuk-notification-banner--success');
    expect(document.activeElement).toBe(banner);
    expect(within(banner).getByText('1 document saved in one ZIP file, and the saved file was checked.')).toBeDefined();
    expect(within(banner).getByText('/home/user/Documents/Records/9434765919.zip')).toBeDefined();
    expect(within(banner).getByText('1 of 1')).toBeDefined();
    expect(within(banner).getByText('3.1 MB')).toBeDefined();
    // The SHA-256 is there for the IT service desk, folded away under "Technical details" until asked for.
    const folded = within(banner).getByText('a'.repeat(64)).closest('details');
    expect(folded?.open).toBe(false);
    await user.click(within(banner).getByText('Technical details'));
    expect(folded?.open).toBe(true);
  });

  it('shows a partial save in amber: how many of the record were saved, and which were not and why, in words', () => {
    const missing = [{ id: 'doc-7', fileName: 'Old scan.tiff', error: 'The S3 object could not be read (NoSuchKey).' }];
    const excluded = [
      { id: 'doc-8', fileName: 'Clinic letter.pdf', reason: 'virus scan: Not Scanned' },
      { id: 'doc-9', fileName: 'Referral.pdf', reason: 'virus scan: Infected' },
      { id: 'doc-10', fileName: 'Consent.pdf', reason: 'not uploaded' },
      { id: 'doc-11', fileName: 'Withdrawn letter.pdf', reason: 'deleted' },
    ];
    renderPanel({ download: { status: 'saved', summary: downloadSummary({ missing, excluded }) } });
    const outcome = screen.getByRole('alert', { name: 'Important: Saved 1 of 5 documents' });
    expect(outcome.className).toContain('nhsuk-card--warning');
    expect(document.activeElement).toBe(outcome);
    expect(within(outcome).getAllByRole('listitem').slice(0, 4).map((item) => item.textContent)).toEqual([
      'Old scan.tiff: Could not be collected from storage',
      'Clinic letter.pdf: Still being checked for viruses',
      'Referral.pdf: Failed the virus check',
      'Consent.pdf: Upload not finished',
    ]);
    expect(within(outcome).getByText(/^Documents that could not be collected may download if you try again later\./u)).toBeDefined();
    expect(within(outcome).getByText(/^Documents still being checked for viruses or still uploading/u)).toBeDefined();
    expect(within(outcome).queryByText('Withdrawn letter.pdf', { exact: false })).toBeNull();
  });

  it('offers "Try the missing documents again" for the documents that could not be collected, and only those', async () => {
    const missing = [
      { id: 'doc-7', fileName: 'Old scan.tiff', error: 'Not found.' },
      { id: 'doc-5', fileName: 'Letter.pdf', error: 'Timed out.' },
    ];
    const excluded = [{ id: 'doc-8', fileName: 'Clinic letter.pdf', reason: 'virus scan: Not Scanned' }];
    const { actions, user } = renderPanel({ download: { status: 'saved', summary: downloadSummary({ missing, excluded }) } });
    await user.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Try the missing documents again' }));
    expect(actions.download).toHaveBeenCalledExactlyOnceWith(NHS_NUMBER, ['doc-7', 'doc-5'], false);
  });

  it('offers no "Try the missing documents again" when every document not saved was left out for a reason', () => {
    const excluded = [{ id: 'doc-9', fileName: 'Referral.pdf', reason: 'virus scan: Infected' }];
    renderPanel({ download: { status: 'saved', summary: downloadSummary({ excluded }) } });
    expect(screen.getByRole('alert', { name: 'Important: Saved 1 of 2 documents' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Try the missing documents again' })).toBeNull();
  });

  it('keeps jargon out of sight: only "Technical details" names S3, SHA-256 and main\'s own reasons', () => {
    const missing = [{ id: 'doc-7', fileName: 'Old scan.tiff', error: 'The S3 object could not be read (NoSuchKey).' }];
    renderPanel({ download: { status: 'saved', summary: downloadSummary({ missing }) } });
    const outcome = screen.getByRole('alert');
    const technical = within(outcome).getByText('Technical details').closest('details');
    const visible = [...outcome.querySelectorAll<HTMLElement>('p, li, dt, dd, h3')].filter((element) => !technical?.contains(element));
    for (const word of ['SHA-256', 'S3', 'manifest', 'CRC-32', 'DynamoDB', 'ARN', 'NoSuchKey']) {
      expect(visible.filter((element) => element.textContent.includes(word)).map((element) => element.textContent)).toEqual([]);
    }
    expect(technical?.textContent).toContain('The S3 object could not be read (NoSuchKey).');
  });

  it('opens the saved ZIP\'s folder, and shows why when it cannot', async () => {
    const { store, user } = renderPanel({ download: { status: 'saved', summary: downloadSummary() } });
    store.api.files.showInFolder.mockResolvedValueOnce(failure('file-missing', 'The ZIP is no longer in the folder it was saved to.'));
    await user.click(screen.getByRole('button', { name: 'Show in folder' }));
    expect(store.api.files.showInFolder).toHaveBeenCalledExactlyOnceWith('/home/user/Documents/Records/9434765919.zip');
    expect((await screen.findByText('The ZIP is no longer in the folder it was saved to.')).closest('[role="alert"]')).not.toBeNull();
  });

  it('shows a failed download as an error summary with main\'s message', () => {
    renderPanel({ download: { status: 'failed', error: { code: 'disk-full', message: 'The disk is full. Free some space and try again.' } } });
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'There is a problem' })).toBeDefined();
    expect(within(alert).getByText('The disk is full. Free some space and try again.')).toBeDefined();
    expect(document.activeElement).toBe(alert.parentElement);
    expect(screen.getByRole('button', { name: 'Download all documents' }).hasAttribute('disabled')).toBe(false);
  });
});
