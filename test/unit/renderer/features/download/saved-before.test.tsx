import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DownloadPanel, type DownloadActions } from '../../../../../renderer/src/features/download/download-panel.js';
import { whenSaved } from '../../../../../renderer/src/features/download/saved-before.js';
import type { SettingsActions, SettingsState } from '../../../../../renderer/src/features/settings/use-settings.js';
import { installFakeDocumentStore, ok } from '../../support/fake-document-store.js';
import { archiveEntryView, NHS_NUMBER } from '../../support/fixtures.js';

const FOLDER = '/home/user/Documents/Records';

function renderPanel(savedAt: string | null) {
  const store = installFakeDocumentStore();
  if (savedAt !== null) {
    store.api.archive.list.mockResolvedValue(
      ok({ entries: [archiveEntryView({ id: 'older', savedAt: '2026-01-02T09:00:00' }), archiveEntryView({ id: 'newest', savedAt })], recovered: null }),
    );
  }
  const actions = { download: vi.fn<DownloadActions['download']>(), cancelDownload: vi.fn<DownloadActions['cancelDownload']>() };
  const settings: SettingsState = { saveFolder: FOLDER, saveFolderLocked: false, saveFolderFromPolicy: false, choosing: false, error: null };
  const settingsActions = {
    chooseFolder: vi.fn<SettingsActions['chooseFolder']>(() => Promise.resolve(FOLDER)),
    ensureFolder: vi.fn<SettingsActions['ensureFolder']>(() => Promise.resolve(FOLDER)),
  };
  render(
    <DownloadPanel
      nhsNumber={NHS_NUMBER}
      availableCount={12}
      selectedIds={[]}
      download={{ status: 'idle' }}
      actions={actions}
      settings={settings}
      settingsActions={settingsActions}
    />,
  );
  return { store, actions, user: userEvent.setup() };
}

describe('saving the same record again', () => {
  it('says when the record was saved before and downloads nothing until the person says "Save again"', async () => {
    const savedAt = new Date(Date.now() - 60_000).toISOString();
    const { store, actions, user } = renderPanel(savedAt);

    await user.click(screen.getByRole('button', { name: 'Download all documents' }));

    expect(store.api.archive.list).toHaveBeenCalledWith({ nhsNumber: NHS_NUMBER });
    expect(screen.getByRole('heading', { name: /^You saved this record at \d\d:\d\d today$/u })).toBeDefined();
    expect(actions.download).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Save again' }));
    expect(actions.download).toHaveBeenCalledExactlyOnceWith(NHS_NUMBER, undefined, false);
    expect(screen.queryByRole('heading', { name: /You saved this record/u })).toBeNull();
  });

  it('opens the newest copy with "Open that copy", and "Cancel" leaves everything as it was', async () => {
    const { store, actions, user } = renderPanel(new Date().toISOString());
    await user.click(screen.getByRole('button', { name: 'Download all documents' }));

    await user.click(screen.getByRole('button', { name: 'Open that copy' }));
    expect(store.api.archive.openFile).toHaveBeenCalledExactlyOnceWith('newest');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('heading', { name: /You saved this record/u })).toBeNull();
    expect(actions.download).not.toHaveBeenCalled();
  });

  it('downloads at once a record never saved before', async () => {
    const { actions, user } = renderPanel(null);
    await user.click(screen.getByRole('button', { name: 'Download all documents' }));
    expect(actions.download).toHaveBeenCalledExactlyOnceWith(NHS_NUMBER, undefined, false);
  });

  it('names another day by its date', () => {
    expect(whenSaved('2026-03-03T10:42:00', new Date('2026-12-03T12:00:00'))).toBe('on 3 March 2026 at 10:42');
    expect(whenSaved('2026-12-03T10:42:00', new Date('2026-12-03T18:00:00'))).toBe('at 10:42 today');
  });
});
