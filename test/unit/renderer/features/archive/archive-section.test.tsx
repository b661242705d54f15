import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ArchiveEntryView } from '../../../../../common/archive.js';
import { ArchiveSection } from '../../../../../renderer/src/features/archive/archive-section.js';
import { type FakeDocumentStore, installFakeDocumentStore, ok, pending } from '../../support/fake-document-store.js';
import { archiveEntryView } from '../../support/fixtures.js';

const OTHER_NHS_NUMBER = '9876543210';

const RECENT = archiveEntryView({ id: 'entry-1', documentCount: 12 });
const OLDER = archiveEntryView({ id: 'entry-2', nhsNumber: OTHER_NHS_NUMBER, savedAt: '2026-03-02T10:15:00', path: '/records/9876543210.zip' });
const ADDED = archiveEntryView({ id: 'entry-3', nhsNumber: null, source: 'import', savedAt: '2025-12-24T08:00:00', path: '/shared/old.zip' });

const RECENT_TITLE = 'NHS number 943 476 5919, saved 27 November 2026, 21:45';

function checked(view: ArchiveEntryView, status: ArchiveEntryView['status']): ArchiveEntryView {
  return { ...view, status, checkedAt: '2026-11-28T09:00:00Z' };
}

function renderArchive(entries: ReadonlyArray<ArchiveEntryView>, prepare: (store: FakeDocumentStore) => void = () => undefined) {
  const store = installFakeDocumentStore();
  store.api.archive.list.mockResolvedValue(ok({ entries, recovered: null }));
  store.api.archive.verifyAll.mockResolvedValue(ok(entries.map((view) => checked(view, 'verified'))));
  prepare(store);
  render(<ArchiveSection api={store.api} />);
  return { store, user: userEvent.setup() };
}

/** The card of one saved ZIP, found by its title. */
function card(title: string): HTMLElement {
  const item = screen.getByRole('heading', { level: 3, name: title }).closest('li');
  if (item === null) {
    throw new Error(`No card for ${title}`);
  }
  return item;
}

describe('the archive', () => {
  it('lists the saved ZIPs newest first, then checks every file once', async () => {
    const { store } = renderArchive([RECENT, OLDER, ADDED]);
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Archive of saved ZIPs' }));
    expect(await screen.findByRole('heading', { level: 2, name: '3 saved ZIPs' })).toBeDefined();
    expect(screen.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent)).toEqual([
      RECENT_TITLE,
      'NHS number 987 654 3210, saved 2 March 2026, 10:15',
      'NHS number not known, saved 24 December 2025, 08:00',
    ]);
    expect(within(card(RECENT_TITLE)).getByText('12 documents')).toBeDefined();
    expect(within(card('NHS number not known, saved 24 December 2025, 08:00')).getByText('Added from disk')).toBeDefined();
    await waitFor(() => expect(within(card(RECENT_TITLE)).getByText('Verified')).toBeDefined());
    expect(store.api.archive.verifyAll).toHaveBeenCalledOnce();
    // The first check is routine: no "Checked 3 ZIPs" notice for it.
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('shows each file as Verified, Changed or Missing, and offers Locate… for a missing one', async () => {
    renderArchive([RECENT, OLDER, ADDED], (store) => {
      store.api.archive.verifyAll.mockResolvedValue(ok([checked(RECENT, 'verified'), checked(OLDER, 'changed'), checked(ADDED, 'missing')]));
    });
    await screen.findByRole('heading', { level: 2, name: '3 saved ZIPs' });
    const missing = card('NHS number not known, saved 24 December 2025, 08:00');
    await waitFor(() => expect(within(missing).getByText('Missing')).toBeDefined());
    expect(within(card(RECENT_TITLE)).getByText('Verified')).toBeDefined();
    expect(within(card('NHS number 987 654 3210, saved 2 March 2026, 10:15')).getByText('Changed')).toBeDefined();
    expect(within(missing).getByText(/^The file is not where it was saved\./u)).toBeDefined();
    expect(within(missing).getByRole('button', { name: /^Locate…/u })).toBeDefined();
    expect(within(missing).queryByRole('button', { name: /^Open ZIP/u })).toBeNull();
  });

  it('says "Checking…" while every file is being checked', async () => {
    const check = pending<ReadonlyArray<ArchiveEntryView>>();
    renderArchive([RECENT], (store) => store.api.archive.verifyAll.mockReturnValue(check.promise));
    expect(await within(await screen.findByRole('list')).findByText('Checking…')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Checking every file…' }).hasAttribute('disabled')).toBe(true);
    await check.resolve(ok([checked(RECENT, 'verified')]));
    expect(screen.getByRole('button', { name: 'Verify all' }).hasAttribute('disabled')).toBe(false);
  });

  it('says the archive is empty, with nothing to verify', async () => {
    const { store } = renderArchive([]);
    expect(await screen.findByText(/^The archive is empty\./u)).toBeDefined();
    expect(screen.getByRole('button', { name: 'Verify all' }).hasAttribute('disabled')).toBe(true);
    expect(store.api.archive.verifyAll).not.toHaveBeenCalled();
  });

  it('filters by a valid NHS number only, and shows all again', async () => {
    const { store, user } = renderArchive([RECENT, OLDER]);
    await screen.findByRole('heading', { level: 2, name: '2 saved ZIPs' });
    const field = screen.getByRole<HTMLInputElement>('textbox', { name: 'Filter by NHS number' });

    await user.type(field, '12345');
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    expect(screen.getByText(/"12345" has 5 digits/u)).toBeDefined();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(store.api.archive.list).toHaveBeenCalledOnce();

    store.api.archive.list.mockResolvedValueOnce(ok({ entries: [OLDER], recovered: null }));
    await user.clear(field);
    await user.type(field, '987 654 3210');
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    expect(await screen.findByRole('heading', { level: 2, name: '1 saved ZIP for NHS number 987 654 3210' })).toBeDefined();
    expect(store.api.archive.list).toHaveBeenLastCalledWith({ nhsNumber: OTHER_NHS_NUMBER });

    await user.click(screen.getByRole('button', { name: 'Show all' }));
    expect(await screen.findByRole('heading', { level: 2, name: '2 saved ZIPs' })).toBeDefined();
    expect(store.api.archive.list).toHaveBeenLastCalledWith({});
    expect(field.value).toBe('');
  });

  it('says when a patient has no saved ZIP', async () => {
    const { store, user } = renderArchive([RECENT]);
    await screen.findByRole('heading', { level: 2, name: '1 saved ZIP' });
    store.api.archive.list.mockResolvedValueOnce(ok({ entries: [], recovered: null }));
    await user.type(screen.getByRole('textbox', { name: 'Filter by NHS number' }), OTHER_NHS_NUMBER);
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    expect(await screen.findByText('No saved ZIP for NHS number 987 654 3210.')).toBeDefined();
  });

  it('asks before removing a ZIP, and deletes the file only when ticked', async () => {
    const { store, user } = renderArchive([RECENT]);
    await waitFor(() => expect(within(card(RECENT_TITLE)).getByText('Verified')).toBeDefined());
    await user.click(within(card(RECENT_TITLE)).getByRole('button', { name: `Remove from archive the ZIP for ${RECENT_TITLE}` }));

    const question = screen.getByRole('group', { name: 'Important: Remove this ZIP from the archive?' });
    expect(within(question).getByRole('button', { name: 'Yes, remove from archive' })).toBeDefined();
    await user.click(within(question).getByRole('checkbox', { name: /^Delete the file/u }));
    await user.click(within(question).getByRole('button', { name: 'Yes, remove and delete the file' }));

    expect(store.api.archive.remove).toHaveBeenCalledExactlyOnceWith('entry-1', { deleteFile: true });
    expect(
      await screen.findByText('The ZIP for NHS number 943 476 5919 was removed from the archive and the file was deleted.'),
    ).toBeDefined();
    expect(screen.getByText(/^The archive is empty\./u)).toBeDefined();
  });

  it('keeps the ZIP when the removal is cancelled, and returns focus to its Remove button', async () => {
    const { store, user } = renderArchive([RECENT]);
    await screen.findByRole('heading', { level: 2, name: '1 saved ZIP' });
    const remove = screen.getByRole('button', { name: `Remove from archive the ZIP for ${RECENT_TITLE}` });
    await user.click(remove);
    await user.click(within(screen.getByRole('group')).getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('group')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(remove));
    expect(store.api.archive.remove).not.toHaveBeenCalled();
  });

  it('offers no file deletion for a ZIP that is missing', async () => {
    const { user } = renderArchive([RECENT], (store) => store.api.archive.verifyAll.mockResolvedValue(ok([checked(RECENT, 'missing')])));
    await waitFor(() => expect(within(card(RECENT_TITLE)).getByText('Missing')).toBeDefined());
    await user.click(screen.getByRole('button', { name: `Remove from archive the ZIP for ${RECENT_TITLE}` }));
    expect(within(screen.getByRole('group')).queryByRole('checkbox')).toBeNull();
  });

  it('opens a ZIP in the viewer, and comes back to the list as it was', async () => {
    const { store, user } = renderArchive([RECENT, OLDER]);
    await screen.findByRole('heading', { level: 2, name: '2 saved ZIPs' });
    await user.click(screen.getByRole('button', { name: `Open ZIP for ${RECENT_TITLE}` }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Documents in the ZIP for NHS number 943 476 5919' })).toBeDefined();
    expect(store.api.archive.open).toHaveBeenCalledExactlyOnceWith('entry-1');

    await user.click(screen.getByRole('button', { name: 'Back to the archive' }));
    expect(await screen.findByRole('heading', { level: 2, name: '2 saved ZIPs' })).toBeDefined();
    expect(store.api.archive.list).toHaveBeenCalledOnce();
  });
});
