import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { type DownloadActions, DownloadPanel } from '../../../../../renderer/src/features/download/download-panel.js';
import type { DownloadState } from '../../../../../renderer/src/features/download/download-state.js';
import type { SettingsActions, SettingsState } from '../../../../../renderer/src/features/settings/use-settings.js';
import { failure, installFakeDocumentStore } from '../../support/fake-document-store.js';
import { NHS_NUMBER, downloadSummary } from '../../support/fixtures.js';

const FOLDER = '/home/user/Documents/Records';

interface PanelOptions {
  readonly download?: DownloadState;
  readonly saveFolder?: string | null;
  /** What the folder dialog gives when the user is asked for one; null when they close it. */
  readonly chosenFolder?: string | null;
  readonly notAvailableCount?: number;
}

function renderPanel({ download = { status: 'idle' }, saveFolder = FOLDER, chosenFolder = FOLDER, notAvailableCount = 0 }: PanelOptions = {}) {
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
      notAvailableCount={notAvailableCount}
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
    expect(screen.getByText(/^Save the 12 documents available for download in one ZIP file\./u)).toBeDefined();
    expect(screen.getByText(FOLDER)).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Download All Documents' }));
    expect(actions.download).toHaveBeenCalledExactlyOnceWith(NHS_NUMBER);
  });

  it('offers "Choose folder" while no folder is set', async () => {
    const { actions, settingsActions, user } = renderPanel({ saveFolder: null, chosenFolder: null });
    expect(screen.getByText('no folder chosen yet')).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Choose folder' }));
    expect(settingsActions.chooseFolder).toHaveBeenCalledOnce();
    expect(actions.download).not.toHaveBeenCalled();
  });

  it('says nothing was downloaded when the user closed the folder question without choosing', async () => {
    const { actions, settingsActions, user } = renderPanel();
    settingsActions.ensureFolder.mockResolvedValue(null);
    await user.click(screen.getByRole('button', { name: 'Download All Documents' }));
    expect((await screen.findByText(/^No folder was chosen, so nothing was downloaded\./u)).closest('[role="status"]')).not.toBeNull();
    expect(actions.download).not.toHaveBeenCalled();
  });

  it('shows a running download: its phase, a progress bar, documents and megabytes so far', () => {
    const { rerender } = renderPanel({ download: { status: 'running', requestId: 'download-1', progress: null, cancelling: false } });
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 3, name: 'Downloading documents' }));
    expect(screen.getByText('Finding documents')).toBeDefined();
    expect(screen.getByRole('progressbar', { name: 'Download progress' }).getAttribute('aria-valuenow')).toBe('0');

    rerender({
      status: 'running',
      requestId: 'download-1',
      progress: { phase: 'zipping', documentsDone: 5, documentsTotal: 12, bytesDone: 1_310_720 },
      cancelling: false,
    });
    const bar = screen.getByRole('progressbar', { name: 'Download progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('42');
    expect(bar.getAttribute('aria-valuetext')).toBe('42%: Adding documents to the ZIP');
    expect(screen.getByText('5 of 12 documents')).toBeDefined();
    expect(screen.getByText('1.3 MB read')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Download All Documents' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Change folder' }).hasAttribute('disabled')).toBe(true);
  });

  it('cancels the running download, and says so until it has stopped', async () => {
    const { actions, user, rerender } = renderPanel({ download: { status: 'running', requestId: 'download-1', progress: null, cancelling: false } });
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(actions.cancelDownload).toHaveBeenCalledExactlyOnceWith('download-1');

    rerender({ status: 'running', requestId: 'download-1', progress: null, cancelling: true });
    expect(screen.getByText('Cancelling the download…')).toBeDefined();

    rerender({ status: 'cancelled' });
    expect(screen.getByText('Download cancelled. Nothing was saved.')).toBeDefined();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows the saved ZIP, and names the documents that are NOT in it', () => {
    const missing = [
      { id: 'doc-7', fileName: 'Old scan.tiff', error: 'The file could not be read from storage.' },
      { id: 'doc-8', fileName: 'Clinic letter.pdf', error: 'The file could not be read from storage.' },
    ];
    renderPanel({ download: { status: 'saved', summary: downloadSummary({ missing }) }, notAvailableCount: 1 });
    const banner = screen.getByRole('alert', { name: 'Saved and verified' });
    expect(document.activeElement).toBe(banner);
    expect(within(banner).getByText('1 document saved in one ZIP file, and the saved file was checked.')).toBeDefined();
    expect(within(banner).getByText('/home/user/Documents/Records/9434765919.zip')).toBeDefined();
    expect(within(banner).getByText('3.1 MB')).toBeDefined();
    expect(within(banner).getByRole('heading', { level: 4, name: 'Important: 2 documents are NOT in the ZIP' })).toBeDefined();
    expect(within(banner).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Old scan.tiff: The file could not be read from storage.',
      'Clinic letter.pdf: The file could not be read from storage.',
    ]);
    expect(within(banner).getByText('Documents that are not available for download are not in the ZIP.')).toBeDefined();
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
    expect(screen.getByRole('button', { name: 'Download All Documents' }).hasAttribute('disabled')).toBe(false);
  });
});
