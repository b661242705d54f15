import { fireEvent, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ArchiveDocument, ZipEntryInfo } from '../../../../../common/archive.js';
import { describeRotation } from '../../../../../renderer/src/features/viewer/viewer-toolbar.js';
import { ZipView } from '../../../../../renderer/src/features/viewer/zip-view.js';
import { installFakeDocumentStore, ok } from '../../support/fake-document-store.js';
import { archiveEntryView, zipEntry, zipListing } from '../../support/fixtures.js';

const FIRST = zipEntry({ name: 'First photo.png', contentType: 'image/png' });
const NOTES = zipEntry({ name: 'Notes.rtf', contentType: 'text/rtf', viewable: false });
const SECOND = zipEntry({ name: 'Second photo.png', contentType: 'image/png' });
const THIRD = zipEntry({ name: 'Third photo.png', contentType: 'image/png' });

function image(name: string): ArchiveDocument {
  return { name, contentType: 'image/png', sha256: 'c'.repeat(64), size: 4, base64: btoa('\u0089PNG') };
}

function renderZip(entries: ReadonlyArray<ZipEntryInfo>) {
  const store = installFakeDocumentStore();
  store.api.archive.open.mockResolvedValue(ok(zipListing(entries)));
  store.api.archive.readEntry.mockImplementation((_id, name) => Promise.resolve(ok(image(name))));
  render(<ZipView api={store.api} view={archiveEntryView()} onBack={vi.fn<() => void>()} />);
  return { store, user: userEvent.setup() };
}

async function view(name: string, user: ReturnType<typeof userEvent.setup>): Promise<void> {
  await user.click(await screen.findByRole('button', { name: `View ${name}` }));
}

function viewer(): HTMLElement {
  return screen.getByRole('heading', { level: 2, name: /photo\.png$/u }).closest('section') ?? document.body;
}

describe('moving between documents in the viewer', () => {
  it('goes to the next and previous document that can be viewed, skipping those it cannot show', async () => {
    const { store, user } = renderZip([FIRST, NOTES, SECOND, THIRD]);
    await view(FIRST.name, user);
    expect(within(viewer()).getByText('Document 1 of 3')).toBeDefined();
    expect(within(viewer()).getByRole('button', { name: 'Previous document' }).hasAttribute('disabled')).toBe(true);

    await user.click(within(viewer()).getByRole('button', { name: 'Next document' }));
    expect(screen.getByRole('heading', { level: 2, name: SECOND.name })).toBeDefined();
    expect(within(viewer()).getByText('Document 2 of 3')).toBeDefined();
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: SECOND.name }));

    await user.click(within(viewer()).getByRole('button', { name: 'Next document' }));
    expect(screen.getByRole('heading', { level: 2, name: THIRD.name })).toBeDefined();
    expect(within(viewer()).getByRole('button', { name: 'Next document' }).hasAttribute('disabled')).toBe(true);

    await user.click(within(viewer()).getByRole('button', { name: 'Previous document' }));
    expect(screen.getByRole('heading', { level: 2, name: SECOND.name })).toBeDefined();
    expect(store.api.archive.readEntry.mock.calls.map(([, name]) => name)).toEqual([FIRST.name, SECOND.name, THIRD.name, SECOND.name]);
  });

  it('moves with the right and left arrow keys while the viewer has focus', async () => {
    const { user } = renderZip([FIRST, SECOND, THIRD]);
    await view(FIRST.name, user);
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: SECOND.name }));
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('heading', { level: 2, name: THIRD.name })).toBeDefined();
    // At the last document the key does nothing.
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('heading', { level: 2, name: THIRD.name })).toBeDefined();
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByRole('heading', { level: 2, name: SECOND.name })).toBeDefined();
  });

  it('keeps each document\'s zoom and rotation while the ZIP is open', async () => {
    const { user } = renderZip([FIRST, SECOND]);
    await view(FIRST.name, user);
    const toolbar = () => within(viewer()).getByRole('toolbar', { name: 'View the document' });
    expect(within(toolbar()).getByText('Fitted to width')).toBeDefined();
    await user.click(within(toolbar()).getByRole('button', { name: 'Zoom in' }));
    await user.click(within(toolbar()).getByRole('button', { name: 'Zoom in' }));
    await user.click(within(toolbar()).getByRole('button', { name: 'Rotate a quarter turn clockwise' }));
    expect(within(toolbar()).getByText('Zoom 150%')).toBeDefined();
    expect(within(toolbar()).getByText('Turned 90 degrees clockwise')).toBeDefined();
    expect((await within(viewer()).findByRole('img', { name: FIRST.name })).dataset.rotation).toBe('90');

    await user.click(within(viewer()).getByRole('button', { name: 'Next document' }));
    expect(within(toolbar()).getByText('Fitted to width')).toBeDefined();
    expect(within(toolbar()).queryByText(/^Turned/u)).toBeNull();
    expect((await within(viewer()).findByRole('img', { name: SECOND.name })).dataset.rotation).toBe('0');
    await user.click(within(toolbar()).getByRole('button', { name: 'Zoom out' }));
    expect(within(toolbar()).getByText('Zoom 75%')).toBeDefined();

    await user.click(within(viewer()).getByRole('button', { name: 'Previous document' }));
    expect(within(toolbar()).getByText('Zoom 150%')).toBeDefined();
    expect((await within(viewer()).findByRole('img', { name: FIRST.name })).dataset.rotation).toBe('90');

    // Closed and opened again from the list: still where it was left.
    await user.click(within(viewer()).getByRole('button', { name: 'Close viewer' }));
    await view(SECOND.name, user);
    expect(within(toolbar()).getByText('Zoom 75%')).toBeDefined();
    await user.click(within(toolbar()).getByRole('button', { name: 'Fit to width' }));
    expect(within(toolbar()).getByText('Fitted to width')).toBeDefined();
  });

  it('does not move between documents while the arrow keys are used elsewhere in the page', async () => {
    const { user } = renderZip([FIRST, SECOND]);
    await view(FIRST.name, user);
    fireEvent.keyDown(document.body, { key: 'ArrowRight' });
    expect(screen.getByRole('heading', { level: 2, name: FIRST.name })).toBeDefined();
  });

  it('prints only the document shown, through a print-only area', async () => {
    const print = vi.fn<() => void>(() => {
      expect(document.body.classList.contains('app-printing')).toBe(true);
      const area = document.body.querySelector('.app-print-area');
      expect(area?.parentElement).toBe(document.body);
      expect(within(area as HTMLElement).getAllByRole('img').map((page) => page.getAttribute('alt'))).toEqual([`Page 1 of 1 of ${FIRST.name}`]);
    });
    Object.defineProperty(window, 'print', { value: print, configurable: true });
    const { user } = renderZip([FIRST, SECOND]);
    await view(FIRST.name, user);
    await user.click(within(viewer()).getByRole('button', { name: 'Print' }));
    await vi.waitFor(() => expect(print).toHaveBeenCalledOnce());
    await vi.waitFor(() => expect(document.body.querySelector('.app-print-area')).toBeNull());
    expect(document.body.classList.contains('app-printing')).toBe(false);
  });
});

describe('the turn said in words', () => {
  it.each([
    [0, ''],
    [90, 'Turned 90 degrees clockwise'],
    [180, 'Turned upside down'],
    [270, 'Turned 90 degrees anticlockwise'],
  ] as const)('says a turn of %i degrees as "%s"', (rotation, words) => {
    expect(describeRotation(rotation)).toBe(words);
  });
});
