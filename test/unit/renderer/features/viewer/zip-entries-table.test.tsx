import { act, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZipListing } from '../../../../../common/archive.js';
import { ZipView } from '../../../../../renderer/src/features/viewer/zip-view.js';
import { type FakeDocumentStore, failure, installFakeDocumentStore, ok, pending } from '../../support/fake-document-store.js';
import { archiveEntryView, zipEntry, zipListing } from '../../support/fixtures.js';

const MANY = Array.from({ length: 1_470 }, (_, index) => zipEntry({ name: `Letter ${index + 1}.pdf` }));

function renderZip(listing: ZipListing | null, prepare: (store: FakeDocumentStore) => void = () => undefined) {
  const store = installFakeDocumentStore();
  if (listing !== null) {
    store.api.archive.open.mockResolvedValue(ok(listing));
  }
  prepare(store);
  const onBack = vi.fn<() => void>();
  render(<ZipView api={store.api} view={archiveEntryView()} onBack={onBack} />);
  return { store, onBack, user: userEvent.setup() };
}

/** Every element Tab can reach inside the element. */
function tabStops(element: HTMLElement): ReadonlyArray<Element> {
  return [...element.querySelectorAll('button, a[href], input, [tabindex]')].filter((candidate) => candidate.getAttribute('tabindex') !== '-1');
}

describe('the documents of a large ZIP', () => {
  // The virtualiser scrolls the window to keep rows in place as they are measured; each test starts at the top.
  beforeEach(() => window.scrollTo(0, 0));

  it('renders only the rows near the window, and the table is one tab stop', async () => {
    // happy-dom lays nothing out: rows are given the height a browser would give them.
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.tagName === 'TR' ? 48 : 0;
    });
    renderZip(zipListing(MANY));
    const table = await screen.findByRole('table', { name: 'Documents in this ZIP' });
    expect(table.getAttribute('aria-rowcount')).toBe('1471');
    expect(within(table).getAllByRole('rowheader').length).toBeLessThan(100);
    expect(tabStops(table).map((stop) => stop.textContent)).toEqual(['View Letter 1.pdf']);
  });

  it('moves between rows and their buttons with the arrow keys, the tab stop following', async () => {
    const { user } = renderZip(zipListing(MANY.slice(0, 30)));
    const table = await screen.findByRole('table', { name: 'Documents in this ZIP' });
    // Tab from the control before the table lands on its one tab stop.
    act(() => screen.getByText('Technical details').closest('summary')?.focus());
    await user.tab();
    expect(document.activeElement?.textContent).toBe('View Letter 1.pdf');
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toBe('View Letter 2.pdf');
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement?.textContent).toBe('Save a copy… of Letter 2.pdf');
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toBe('Save a copy… of Letter 3.pdf');
    await user.keyboard('{ArrowLeft}{ArrowUp}');
    expect(document.activeElement?.textContent).toBe('View Letter 2.pdf');
    await user.keyboard('{End}');
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe('View Letter 30.pdf'));
    await user.keyboard('{Home}');
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe('View Letter 1.pdf'));
    expect(tabStops(table).map((stop) => stop.textContent)).toEqual(['View Letter 1.pdf']);
  });

  it('marks a damaged document in its row, and every other document still opens', async () => {
    const damaged = zipEntry({ name: 'Scan.pdf', status: 'unreadable', problem: 'Its data is damaged.', sha256: null, check: 'differs' });
    const photo = zipEntry({ name: 'Wound photo.png', contentType: 'image/png' });
    const { store, user } = renderZip(zipListing([MANY[0] ?? zipEntry(), damaged, photo]));
    const table = await screen.findByRole('table', { name: 'Documents in this ZIP' });
    const row = within(table).getByRole('rowheader', { name: /^Scan\.pdf/u }).closest('tr') as HTMLElement;
    expect(within(row).getByText('Damaged')).toBeDefined();
    expect(within(row).getByText(/Cannot be read: Its data is damaged\./u)).toBeDefined();
    expect(within(row).queryByRole('button', { name: /^View/u })).toBeNull();

    await user.click(within(table).getByRole('button', { name: 'View Wound photo.png' }));
    expect(await screen.findByRole('region', { name: 'Wound photo.png' })).toBeDefined();
    await user.click(within(table).getByRole('button', { name: 'View Letter 1.pdf' }));
    expect(await screen.findByRole('region', { name: 'Letter 1.pdf' })).toBeDefined();
    expect(store.api.archive.readEntry.mock.calls.map(([, name]) => name)).toEqual(['Wound photo.png', 'Letter 1.pdf']);
  });
});

describe('reading a ZIP', () => {
  it('shows how far it has got, and Cancel asks main to stop', async () => {
    const opening = pending<ZipListing>();
    const { store, user } = renderZip(null, (s) => s.api.archive.open.mockReturnValue(opening.promise));
    expect(screen.getByText('Reading the documents…')).toBeDefined();
    store.emitArchiveProgress({ phase: 'hashing', doneBytes: 40, totalBytes: 100 });
    expect(screen.getByText('Checking the file…').parentElement?.textContent).toBe('Checking the file… 40%');
    expect(screen.getByRole('progressbar', { name: 'Progress' }).getAttribute('aria-valuenow')).toBe('40');
    store.emitArchiveProgress({ phase: 'listing', doneBytes: 3, totalBytes: 4 });
    expect(screen.getByText('Reading the documents…').parentElement?.textContent).toBe('Reading the documents… 75%');

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(store.api.archive.cancel).toHaveBeenCalledOnce();
    expect(screen.getByText('Cancelling…')).toBeDefined();
    await opening.resolve(ok(zipListing([zipEntry()])));
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('goes back to the archive quietly when the reading was cancelled', async () => {
    const opening = pending<ZipListing>();
    const { onBack } = renderZip(null, (s) => s.api.archive.open.mockReturnValue(opening.promise));
    await opening.resolve(failure('cancelled', 'Cancelled.'));
    expect(onBack).toHaveBeenCalledOnce();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
