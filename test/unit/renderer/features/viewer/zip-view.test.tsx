import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { type ArchiveDocument, MAX_VIEW_BYTES, type ZipListing } from '../../../../../common/archive.js';
import { ZipView } from '../../../../../renderer/src/features/viewer/zip-view.js';
import { type FakeDocumentStore, failure, installFakeDocumentStore, ok, pending } from '../../support/fake-document-store.js';
import { archiveEntryView, zipEntry, zipListing } from '../../support/fixtures.js';
import { tableText } from '../../support/table-text.js';

const LETTER = zipEntry({ name: 'Discharge letter.pdf', size: 120_000 });
const PHOTO = zipEntry({ name: 'Wound photo.png', contentType: 'image/png', size: 2_621_440, sha256: 'd'.repeat(64) });
const NOTES = zipEntry({ name: 'Notes.rtf', contentType: 'text/rtf', viewable: false, size: 4_000 });

function renderZip(listing: ZipListing, prepare: (store: FakeDocumentStore) => void = () => undefined) {
  const store = installFakeDocumentStore();
  store.api.archive.open.mockResolvedValue(ok(listing));
  prepare(store);
  const onBack = vi.fn<() => void>();
  render(<ZipView api={store.api} view={archiveEntryView()} onBack={onBack} />);
  return { store, onBack, user: userEvent.setup() };
}

async function documentsTable(): Promise<HTMLElement> {
  return screen.findByRole('table', { name: 'Documents in this ZIP' });
}

describe('a saved ZIP opened offline', () => {
  it('reads the ZIP, then says every document is unchanged since it was saved', async () => {
    const opening = pending<ZipListing>();
    renderZip(zipListing([LETTER, PHOTO]), (store) => store.api.archive.open.mockReturnValue(opening.promise));
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Documents in the ZIP for NHS number 943 476 5919' }));
    expect(screen.getByText('Reading the documents…')).toBeDefined();

    await opening.resolve(ok(zipListing([LETTER, PHOTO])));
    expect(screen.getByText('All 2 documents are unchanged since the ZIP was saved.')).toBeDefined();
    expect(screen.getByText(/^Each document's SHA-256 is compared with the one recorded in the ZIP's manifest\.json/u).closest('details')).not.toBeNull();
    const table = await documentsTable();
    expect(tableText(table).map((row) => row.slice(0, 4))).toEqual([
      ['Document', 'Type', 'Size', 'Check'],
      ['Discharge letter.pdf', 'PDF', '0.1 MB', 'Unchanged'],
      ['Wound photo.png', 'PNG image', '2.5 MB', 'Unchanged'],
    ]);
    for (const name of ['View Discharge letter.pdf', 'Save a copy… of Discharge letter.pdf', 'View Wound photo.png', 'Save a copy… of Wound photo.png']) {
      expect(within(table).getByRole('button', { name })).toBeDefined();
    }
  });

  it('warns when documents changed after the ZIP was saved, and names them', async () => {
    const changed = { ...PHOTO, check: 'differs' as const };
    const extra = zipEntry({ name: 'Extra.pdf', check: 'not-in-manifest' });
    const listing = zipListing([LETTER, changed]);
    renderZip({ ...listing, entries: [LETTER, changed, extra], manifest: listing.manifest && { ...listing.manifest, absentEntries: ['Lost.pdf'], verified: false } });

    const warning = (await screen.findByRole('heading', { level: 2, name: 'Important: This ZIP has changed since it was saved' })).parentElement;
    if (warning === null) {
      throw new Error('The warning has no callout around it');
    }
    expect(within(warning).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Wound photo.png', 'Extra.pdf', 'Lost.pdf']);
    expect(within(warning).getByRole('heading', { name: 'Saved in it but no longer there' })).toBeDefined();
    expect(tableText(await documentsTable()).map((row) => row[3])).toEqual(['Check', 'Unchanged', 'Changed', 'Not saved by this app']);
  });

  it('marks an entry it refused to open, says why, and offers no View for it while the others still open', async () => {
    const bomb = zipEntry({ name: 'Scan.pdf', status: 'refused', problem: 'It expands more than 100 times; it may be a ZIP bomb.', sha256: null });
    renderZip(zipListing([LETTER, bomb]));
    expect(await screen.findByText(/Not opened: It expands more than 100 times/u)).toBeDefined();
    expect(screen.queryByRole('button', { name: 'View Scan.pdf' })).toBeNull();
    expect(screen.getByRole('button', { name: `View ${LETTER.name}` })).toBeDefined();
  });

  it('offers no View for a document above the listing\'s view limit', async () => {
    renderZip({ ...zipListing([LETTER]), viewLimitBytes: LETTER.size - 1 });
    expect(await screen.findByText('Too large to view here.')).toBeDefined();
    expect(screen.queryByRole('button', { name: `View ${LETTER.name}` })).toBeNull();
  });

  it('says when the ZIP was not saved by this app, so nothing can be checked', async () => {
    renderZip({ ...zipListing([LETTER]), manifest: null });
    expect(await screen.findByText('This ZIP was not saved by this app, so the app cannot check whether its documents have changed.')).toBeDefined();
    expect(tableText(await documentsTable()).map((row) => row[3])).toEqual(['Check', 'Cannot be checked']);
  });

  it('names the documents that could not be read when the ZIP was made', async () => {
    const lost = { id: 'doc-9', fileName: 'Old scan.tiff', entryName: null, contentType: 'image/tiff', size: null, sha256: null, uploaded: null, status: 'missing' as const };
    renderZip(zipListing([LETTER], [lost]));
    expect(await screen.findByText('1 document could not be read from storage when the ZIP was made, so it is not in it: Old scan.tiff.', { exact: false })).toBeDefined();
  });

  it('shows main\'s message when the ZIP cannot be read', async () => {
    renderZip(zipListing([]), (store) => store.api.archive.open.mockResolvedValue(failure('not-a-zip', 'This file is not a ZIP the app can read.')));
    expect(within(await screen.findByRole('alert')).getByText('This file is not a ZIP the app can read.')).toBeDefined();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('offers only "Save a copy…" for a type the app cannot show, and for a document too large to view', async () => {
    const huge = zipEntry({ name: 'Scan.pdf', size: MAX_VIEW_BYTES + 1 });
    renderZip(zipListing([NOTES, huge]));
    const table = await documentsTable();
    expect(within(table).queryByRole('button', { name: /^View/u })).toBeNull();
    expect(within(table).getByRole('button', { name: 'Save a copy… of Notes.rtf' })).toBeDefined();
    expect(within(table).getByText('Too large to view here.')).toBeDefined();
  });

  it('saves a copy where the user chooses, and says where', async () => {
    const { store, user } = renderZip(zipListing([NOTES]), (s) => s.api.archive.saveEntry.mockResolvedValue(ok({ file: '/home/user/Desktop/Notes.rtf' })));
    await user.click(await screen.findByRole('button', { name: 'Save a copy… of Notes.rtf' }));
    expect(store.api.archive.saveEntry).toHaveBeenCalledExactlyOnceWith('entry-1', 'Notes.rtf');
    expect(await screen.findByText('Saved a copy of "Notes.rtf" as /home/user/Desktop/Notes.rtf.')).toBeDefined();
  });

  it('shows why a copy could not be saved', async () => {
    const { user } = renderZip(zipListing([NOTES]), (s) => s.api.archive.saveEntry.mockResolvedValue(failure('save-failed', 'The copy could not be written.')));
    await user.click(await screen.findByRole('button', { name: 'Save a copy… of Notes.rtf' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Error: The copy could not be written.');
  });

  it('views an image from inside the ZIP, checked against the manifest, and closes it', async () => {
    const photo: ArchiveDocument = { name: PHOTO.name, contentType: 'image/png', sha256: PHOTO.sha256 ?? '', size: 4, base64: btoa('\u0089PNG') };
    const { store, user } = renderZip(zipListing([PHOTO]), (s) => s.api.archive.readEntry.mockResolvedValue(ok(photo)));
    await user.click(await screen.findByRole('button', { name: 'View Wound photo.png' }));

    const viewer = screen.getByRole('region', { name: 'Wound photo.png' });
    expect(document.activeElement).toBe(within(viewer).getByRole('heading', { level: 2 }));
    expect(await within(viewer).findByRole('img', { name: 'Wound photo.png' })).toBeDefined();
    expect(within(viewer).getByText('PNG image, 2.5 MB. It is unchanged since it was saved.')).toBeDefined();
    expect(store.api.archive.readEntry).toHaveBeenCalledExactlyOnceWith('entry-1', 'Wound photo.png');
    expect(document.title).toBe('Wound photo.png – Documents in the ZIP for NHS number 943 476 5919 – Document Store Desktop');

    await user.click(within(viewer).getByRole('button', { name: 'Close viewer' }));
    expect(screen.queryByRole('region', { name: 'Wound photo.png' })).toBeNull();
  });

  it('offers "Save a copy…" when the document is of a type the viewer cannot show', async () => {
    const bitmap = zipEntry({ name: 'Chart.bmp', contentType: 'image/bmp' });
    const document: ArchiveDocument = { name: bitmap.name, contentType: 'image/bmp', sha256: 'e'.repeat(64), size: 2, base64: btoa('BM') };
    const { store, user } = renderZip(zipListing([bitmap]), (s) => s.api.archive.readEntry.mockResolvedValue(ok(document)));
    await user.click(await screen.findByRole('button', { name: 'View Chart.bmp' }));

    const viewer = screen.getByRole('region', { name: 'Chart.bmp' });
    expect(await within(viewer).findByText(/^The app cannot show this type of document\. Use "Save a copy…"/u)).toBeDefined();
    expect(within(viewer).getByText('BMP image, 0.1 MB. It is NOT the same as when it was saved: do not rely on it.')).toBeDefined();
    await user.click(within(viewer).getByRole('button', { name: 'Save a copy…' }));
    expect(store.api.archive.saveEntry).toHaveBeenCalledExactlyOnceWith('entry-1', 'Chart.bmp');
  });
});
