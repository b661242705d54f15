import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DocumentStoreApi, Settings } from '../../../../../common/contract.js';
import { SaveFolder } from '../../../../../renderer/src/features/settings/save-folder.js';
import { useSettings } from '../../../../../renderer/src/features/settings/use-settings.js';
import { failure, installFakeDocumentStore, ok, pending } from '../../support/fake-document-store.js';

/** The save folder as the download panel shows it, with the settings read from (and changed through) main. */
function SaveFolderFromMain({ api }: { readonly api: DocumentStoreApi }) {
  const { settings, settingsActions } = useSettings(api);
  return <SaveFolder settings={settings} disabled={false} onChange={() => void settingsActions.chooseFolder()} />;
}

function renderSaveFolder() {
  const store = installFakeDocumentStore();
  return { store, user: userEvent.setup(), show: () => render(<SaveFolderFromMain api={store.api} />) };
}

describe('the save folder', () => {
  it('shows the folder main reports, once it has answered', async () => {
    const { store, show } = renderSaveFolder();
    const answer = pending<Settings>();
    store.api.settings.get.mockReturnValue(answer.promise);
    show();
    expect(screen.getByText('…')).toBeDefined();
    await answer.resolve(ok({ saveFolder: '/home/user/Records', saveFolderLocked: false, saveFolderFromPolicy: false }));
    expect(screen.getByText('/home/user/Records')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Change folder' })).toBeDefined();
  });

  it('shows a folder the organisation locked as managed, with no way to change it', async () => {
    const { store, show } = renderSaveFolder();
    store.api.settings.get.mockResolvedValue(ok({ saveFolder: 'D:\\Records', saveFolderLocked: true, saveFolderFromPolicy: true }));
    show();
    expect(await screen.findByText('Managed by your organisation')).toBeDefined();
    expect(screen.getByText('D:\\Records')).toBeDefined();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it("says when the folder is the organisation's default, which the user may change", async () => {
    const { store, show } = renderSaveFolder();
    store.api.settings.get.mockResolvedValue(ok({ saveFolder: 'D:\\Records', saveFolderLocked: false, saveFolderFromPolicy: true }));
    show();
    expect(await screen.findByText('(set by your organisation; you can change it)', { exact: false })).toBeDefined();
    expect(screen.queryByText('Managed by your organisation')).toBeNull();
    expect(screen.getByRole('button', { name: 'Change folder' })).toBeDefined();
  });

  it('changes the folder through main\'s folder dialog', async () => {
    const { store, show, user } = renderSaveFolder();
    store.api.settings.get.mockResolvedValue(ok({ saveFolder: null, saveFolderLocked: false, saveFolderFromPolicy: false }));
    store.api.settings.chooseFolder.mockResolvedValue(ok({ saveFolder: '/home/user/Chosen', saveFolderLocked: false, saveFolderFromPolicy: false }));
    show();
    await user.click(await screen.findByRole('button', { name: 'Choose folder' }));
    expect(await screen.findByText('/home/user/Chosen')).toBeDefined();
    expect(store.api.settings.chooseFolder).toHaveBeenCalledOnce();
    expect(screen.getByRole('button', { name: 'Change folder' })).toBeDefined();
  });

  it('keeps the folder and shows why when it could not be changed', async () => {
    const { store, show, user } = renderSaveFolder();
    store.api.settings.chooseFolder.mockResolvedValue(failure('folder-not-writable', 'The app cannot save to that folder. Choose another.'));
    show();
    await user.click(await screen.findByRole('button', { name: 'Change folder' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Error: The app cannot save to that folder. Choose another.');
    expect(screen.getByText('/home/user/Documents/Records')).toBeDefined();
  });
});
