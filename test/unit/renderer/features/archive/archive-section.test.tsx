import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ArchiveEntryView } from '../../../../../common/archive.js';
import { ArchiveSection } from '../../../../../renderer/src/features/archive/archive-section.js';
import { type FakeDocumentStore, failure, installFakeDocumentStore, ok, pending } from '../../support/fake-document-store.js';
import { archiveEntry, archiveEntryView, zipEntry, zipListing } from '../../support/fixtures.js';
import { tableText } from '../../support/table-text.js';

const OTHER_NHS_NUMBER = '9876543210';

const SAVED_BY = { name: 'Alex Morgan', roleName: 'GP Practice Administrator', orgName: 'Riverside Medical Centre', odsCode: 'A81001' };
const RECENT = archiveEntryView({ id: 'entry-1', documentCount: 12, savedBy: SAVED_BY, patientName: 'Jane SMITH' });
const OLDER = archiveEntryView({ id: 'entry-2', nhsNumber: OTHER_NHS_NUMBER, savedAt: '2026-03-02T10:15:00', path: '/records/9876543210.zip' });
const ADDED = archiveEntryView({ id: 'entry-3', nhsNumber: null, source: 'import', savedAt: '2025-12-24T08:00:00', path: '/shared/old.zip' });

const RECENT_TITLE = 'NHS number 943 476 5919, saved 27 November 2026, 21:45';
const OLDER_TITLE = 'NHS number 987 654 3210, saved 2 March 2026, 10:15';
const ADDED_TITLE = 'NHS number not known, saved 24 December 2025, 08:00';

function checked(view: ArchiveEntryView, status: ArchiveEntryView['status']): ArchiveEntryView {
  return { ...view, status, checkedAt: '2026-11-28T09:00:00Z' };
}

function renderArchive(entries: ReadonlyArray<ArchiveEntryView>, prepare: (store: FakeDocumentStore) => void = () => undefined) {
  const store = installFakeDocumentStore();
  store.api.archive.list.mockResolvedValue(ok({ entries, recovered: null }));
  store.api.archive.verifyAll.mockResolvedValue(ok(entries.map((view) => checked(view, 'verified'))));
  prepare(store);
  const onDownloadAgain = vi.fn<(nhsNumber: string) => void>();
  render(<ArchiveSection api={store.api} onDownloadAgain={onDownloadAgain} />);
  return { store, onDownloadAgain, user: userEvent.setup() };
}

async function archiveTable(): Promise<HTMLElement> {
  return screen.findByRole('table', { name: 'Saved records' });
}

/** The row of one saved record, found by its patient cell. */
function row(patient: string): HTMLElement {
  const header = screen.getByRole('rowheader', { name: new RegExp(`^${patient}`, 'u') });
  return header.closest('tr') as HTMLElement;
}

describe('the archive', () => {
  beforeEach(() => window.scrollTo(0, 0));

  it('lists the saved records newest first in one table, then checks every file once', async () => {
    const { store } = renderArchive([RECENT, OLDER, ADDED]);
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Archive of saved ZIPs' }));
    const table = await archiveTable();
    await waitFor(() => expect(within(row('943 476 5919')).getByText('Verified')).toBeDefined());
    expect(tableText(table).map((cells) => cells.slice(0, 5))).toEqual([
      ['Patient', 'Date saved ▼', 'Saved by', 'Documents', 'Status'],
      ['943 476 5919Jane SMITH9434765919.zip', '27 November 2026, 21:45', 'Alex MorganRiverside Medical Centre (A81001)', '12 documents', 'Status: Verified'],
      ['987 654 32109876543210.zip', '2 March 2026, 10:15', 'Not recorded', '2 documents', 'Status: Verified'],
      ['NHS number not knownold.zipAdded from disk', '24 December 2025, 08:00', 'Not recorded', '2 documents', 'Status: Verified'],
    ]);
    expect(store.api.archive.verifyAll).toHaveBeenCalledOnce();
    expect(screen.getByText('3 saved records')).toBeDefined();
  });

  it('names each action for what it does', async () => {
    renderArchive([RECENT]);
    await archiveTable();
    const actions = within(row('943 476 5919')).getAllByRole('button').map((button) => button.textContent);
    expect(actions).toEqual([
      `View documents for ${RECENT_TITLE}`,
      `Check the file is unchanged for ${RECENT_TITLE}`,
      `Open folder for ${RECENT_TITLE}`,
      `Remove from archive for ${RECENT_TITLE}`,
    ]);
  });

  it('offers "Download again" only for a file that changed, and starts the search for its NHS number', async () => {
    const { onDownloadAgain, user } = renderArchive([RECENT, OLDER, ADDED], (store) => {
      store.api.archive.verifyAll.mockResolvedValue(ok([checked(RECENT, 'verified'), checked(OLDER, 'changed'), checked(ADDED, 'missing')]));
    });
    await archiveTable();
    await waitFor(() => expect(within(row('987 654 3210')).getByText('Changed')).toBeDefined());
    expect(screen.getAllByRole('button', { name: /^Download again/u }).map((button) => button.textContent)).toEqual([`Download again for ${OLDER_TITLE}`]);
    await user.click(screen.getByRole('button', { name: `Download again for ${OLDER_TITLE}` }));
    expect(onDownloadAgain).toHaveBeenCalledExactlyOnceWith(OTHER_NHS_NUMBER);

    // A missing file is located, not opened; nothing to download again for it.
    const missing = row('NHS number not known');
    expect(within(missing).getByText('Missing')).toBeDefined();
    expect(within(missing).getByRole('button', { name: `Locate… for ${ADDED_TITLE}` })).toBeDefined();
    expect(within(missing).queryByRole('button', { name: /^View documents/u })).toBeNull();
    expect(within(missing).queryByRole('button', { name: /^Open folder/u })).toBeNull();
  });

  it('sorts by patient, date saved or status, saying which way', async () => {
    const { user } = renderArchive([RECENT, OLDER, ADDED], (store) => {
      store.api.archive.verifyAll.mockResolvedValue(ok([checked(RECENT, 'verified'), checked(OLDER, 'changed'), checked(ADDED, 'missing')]));
    });
    const table = await archiveTable();
    await waitFor(() => expect(within(row('987 654 3210')).getByText('Changed')).toBeDefined());
    const patients = () => within(table).getAllByRole('rowheader').map((cell) => cell.textContent.slice(0, 12));
    const header = (name: string) => within(table).getByRole('columnheader', { name: new RegExp(`^${name}`, 'u') });
    expect(header('Date saved').getAttribute('aria-sort')).toBe('descending');

    await user.click(within(table).getByRole('button', { name: 'Patient' }));
    expect(patients()).toEqual(['943 476 5919', '987 654 3210', 'NHS number n']);
    expect(header('Patient').getAttribute('aria-sort')).toBe('ascending');
    expect(header('Date saved').getAttribute('aria-sort')).toBeNull();
    await user.click(within(table).getByRole('button', { name: 'Patient' }));
    expect(patients()).toEqual(['NHS number n', '987 654 3210', '943 476 5919']);

    await user.click(within(table).getByRole('button', { name: 'Status' }));
    expect(patients()).toEqual(['987 654 3210', 'NHS number n', '943 476 5919']);

    await user.click(within(table).getByRole('button', { name: 'Date saved' }));
    expect(patients()).toEqual(['943 476 5919', '987 654 3210', 'NHS number n']);
    await user.click(within(table).getByRole('button', { name: 'Date saved' }));
    expect(patients()).toEqual(['NHS number n', '987 654 3210', '943 476 5919']);
  });

  it('finds records by NHS number, typed with or without spaces, or by file name', async () => {
    const { user } = renderArchive([RECENT, OLDER, ADDED]);
    const table = await archiveTable();
    const field = screen.getByRole('searchbox', { name: 'Find a saved record' });
    await user.type(field, '987 654');
    expect(within(table).getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['987 654 32109876543210.zip']);
    expect(screen.getByText('Showing 1 of 3 saved records')).toBeDefined();
    await user.clear(field);
    await user.type(field, 'OLD');
    expect(within(await archiveTable()).getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['NHS number not knownold.zipAdded from disk']);
    await user.clear(field);
    await user.type(field, '1111');
    expect(screen.getByText('No saved record matches "1111".')).toBeDefined();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('renders only the rows near the window for thousands of records', async () => {
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.tagName === 'TR' ? 56 : 0;
    });
    const many = Array.from({ length: 3_000 }, (_, index) =>
      archiveEntryView({ id: `entry-${index}`, savedAt: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString() }),
    );
    renderArchive(many);
    const table = await archiveTable();
    expect(table.getAttribute('aria-rowcount')).toBe('3001');
    expect(within(table).getAllByRole('rowheader').length).toBeLessThan(100);
  });

  it('says the archive is empty, with nothing to check', async () => {
    const { store } = renderArchive([]);
    expect(await screen.findByText(/^The archive is empty\./u)).toBeDefined();
    expect(screen.getByRole('button', { name: 'Check every file' }).hasAttribute('disabled')).toBe(true);
    expect(store.api.archive.verifyAll).not.toHaveBeenCalled();
  });

  it('asks before removing a record, and deletes the file only when ticked', async () => {
    const { store, user } = renderArchive([RECENT]);
    await waitFor(() => expect(within(row('943 476 5919')).getByText('Verified')).toBeDefined());
    await user.click(screen.getByRole('button', { name: `Remove from archive for ${RECENT_TITLE}` }));

    const question = screen.getByRole('group', { name: 'Important: Remove this ZIP from the archive?' });
    expect(within(question).getByText(`${RECENT_TITLE}.`)).toBeDefined();
    await user.click(within(question).getByRole('checkbox', { name: /^Delete the file/u }));
    await user.click(within(question).getByRole('button', { name: 'Yes, remove and delete the file' }));

    expect(store.api.archive.remove).toHaveBeenCalledExactlyOnceWith('entry-1', { deleteFile: true });
    expect(await screen.findByText('The ZIP for NHS number 943 476 5919 was removed from the archive and the file was deleted.')).toBeDefined();
    expect(screen.getByText(/^The archive is empty\./u)).toBeDefined();
  });

  it('keeps the record when the removal is cancelled, and returns focus to its Remove button', async () => {
    const { store, user } = renderArchive([RECENT]);
    await archiveTable();
    const remove = screen.getByRole('button', { name: `Remove from archive for ${RECENT_TITLE}` });
    await user.click(remove);
    await user.click(within(screen.getByRole('group')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(remove));
    expect(store.api.archive.remove).not.toHaveBeenCalled();
  });

  it('opens a record\'s documents, and comes back to the list as it was', async () => {
    const { store, user } = renderArchive([RECENT, OLDER]);
    await archiveTable();
    await user.click(screen.getByRole('button', { name: `View documents for ${RECENT_TITLE}` }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Documents in the ZIP for NHS number 943 476 5919' })).toBeDefined();
    expect(store.api.archive.open).toHaveBeenCalledExactlyOnceWith('entry-1');
    await user.click(screen.getByRole('button', { name: 'Back to the archive' }));
    expect(await archiveTable()).toBeDefined();
    expect(store.api.archive.list).toHaveBeenCalledOnce();
  });
});

describe('adding a ZIP', () => {
  it('says whether each document of the added ZIP is unchanged, with the SHA-256 values folded away', async () => {
    const added = archiveEntry({ id: 'entry-9', source: 'import', path: '/shared/added.zip' });
    const listing = zipListing([zipEntry({ name: 'Letter.pdf' }), zipEntry({ name: 'Photo.png', check: 'differs', sha256: 'd'.repeat(64) })]);
    const { user } = renderArchive([RECENT], (store) => store.api.archive.add.mockResolvedValue(ok({ entry: added, listing, alreadyArchived: false })));
    await archiveTable();
    await user.click(screen.getByRole('button', { name: 'Add a ZIP…' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Added to the archive' })).toBeDefined();
    expect(tableText(screen.getByRole('table', { name: 'Documents in the added ZIP' }))).toEqual([
      ['Document', 'Check'],
      ['Letter.pdf', 'Unchanged'],
      ['Photo.png', 'Changed'],
    ]);
    expect(screen.getByText('d'.repeat(64)).closest('details')?.textContent).toMatch(/^SHA-256 of each document/u);
  });
});

describe('checking a file in the archive', () => {
  it('shows how far the check has got, and Cancel stops it quietly', async () => {
    const check = pending<ReadonlyArray<ArchiveEntryView>>();
    const { store, user } = renderArchive([RECENT], (s) => s.api.archive.verify.mockReturnValue(check.promise));
    await waitFor(() => expect(within(row('943 476 5919')).getByText('Verified')).toBeDefined());
    await user.click(screen.getByRole('button', { name: `Check the file is unchanged for ${RECENT_TITLE}` }));
    expect(within(row('943 476 5919')).getByText('Checking…')).toBeDefined();
    store.emitArchiveProgress({ phase: 'hashing', doneBytes: 2, totalBytes: 5 });
    expect(screen.getByText('Checking the file…').parentElement?.textContent).toBe('Checking the file… 40%');
    expect(screen.getByRole('progressbar', { name: 'Progress' }).getAttribute('aria-valuenow')).toBe('40');

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(store.api.archive.cancel).toHaveBeenCalledOnce();
    await check.resolve(failure('cancelled', 'The check was cancelled.'));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(within(row('943 476 5919')).getByText('Verified')).toBeDefined();
  });

  it('shows the first check of every file with Cancel, and a cancelled check leaves the files not checked', async () => {
    const check = pending<ReadonlyArray<ArchiveEntryView>>();
    const { store, user } = renderArchive([RECENT], (s) => s.api.archive.verifyAll.mockReturnValue(check.promise));
    await archiveTable();
    expect(screen.getByText('Checking the file…')).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(store.api.archive.cancel).toHaveBeenCalledOnce();
    await check.resolve(failure('cancelled', 'Cancelled.'));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(within(row('943 476 5919')).getByText('Not checked')).toBeDefined();
  });

  it('shows a check that failed for another reason', async () => {
    const { user } = renderArchive([RECENT], (s) => s.api.archive.verify.mockResolvedValue(failure('file-unreadable', 'The file could not be read.')));
    await archiveTable();
    await user.click(screen.getByRole('button', { name: `Check the file is unchanged for ${RECENT_TITLE}` }));
    expect((await within(row('943 476 5919')).findByRole('alert')).textContent).toBe('Error: The file could not be read.');
  });

  it('shows the progress of "Add a ZIP…" once the file is chosen, and a cancelled add says nothing', async () => {
    const adding = pending<null>();
    const { store, user } = renderArchive([RECENT], (s) => s.api.archive.add.mockReturnValue(adding.promise));
    await waitFor(() => expect(within(row('943 476 5919')).getByText('Verified')).toBeDefined());
    await user.click(screen.getByRole('button', { name: 'Add a ZIP…' }));
    expect(screen.queryByRole('progressbar')).toBeNull();
    store.emitArchiveProgress({ phase: 'listing', doneBytes: 0, totalBytes: 0 });
    expect(screen.getByText('Reading the documents…')).toBeDefined();
    await adding.resolve(failure('cancelled', 'Cancelled.'));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByText('There is a problem')).toBeNull();
  });
});
