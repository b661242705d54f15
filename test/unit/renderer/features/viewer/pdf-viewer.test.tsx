import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ArchiveDocument } from '../../../../../common/archive.js';
import type { PageLayout, PdfFile } from '../../../../../renderer/src/features/viewer/pdf-document.js';
import { ZipView } from '../../../../../renderer/src/features/viewer/zip-view.js';
import { installFakeDocumentStore, ok } from '../../support/fake-document-store.js';
import { archiveEntryView, zipEntry, zipListing } from '../../support/fixtures.js';

// pdf.js needs a real canvas and a worker: the viewer is tested against a PDF file of three pages that records what it is asked to draw.
const drawn = vi.hoisted(() => ({ pages: [] as Array<{ readonly page: number; readonly layout: PageLayout }>, printed: [] as number[] }));
vi.mock('../../../../../renderer/src/features/viewer/pdf-document.js', () => ({
  openPdf: (): Promise<PdfFile> =>
    Promise.resolve({
      pageCount: 3,
      renderPage: (page: number, _canvas: HTMLCanvasElement, layout: PageLayout) => {
        drawn.pages.push({ page, layout });
        return Promise.resolve();
      },
      pageImage: (page: number) => {
        drawn.printed.push(page);
        return Promise.resolve(new Blob([`page ${page}`], { type: 'image/png' }));
      },
      pageText: (page: number) => Promise.resolve(`Text of page ${page}`),
      close: () => Promise.resolve(),
    }),
}));

const LETTER = zipEntry({ name: 'Letter.pdf' });
const REPORT = zipEntry({ name: 'Report.pdf' });

function pdf(name: string): ArchiveDocument {
  return { name, contentType: 'application/pdf', sha256: 'c'.repeat(64), size: 4, base64: btoa('%PDF') };
}

function renderZip() {
  const store = installFakeDocumentStore();
  store.api.archive.open.mockResolvedValue(ok(zipListing([LETTER, REPORT])));
  store.api.archive.readEntry.mockImplementation((_id, name) => Promise.resolve(ok(pdf(name))));
  render(<ZipView api={store.api} view={archiveEntryView()} onBack={vi.fn<() => void>()} />);
  return userEvent.setup();
}

function viewer(): HTMLElement {
  return screen.getByRole('heading', { level: 2, name: /\.pdf$/u }).closest('section') ?? document.body;
}

describe('a PDF in the viewer', () => {
  beforeEach(() => {
    drawn.pages.length = 0;
    drawn.printed.length = 0;
  });

  it('keeps the page, zoom and rotation of each PDF while moving between documents', async () => {
    const user = renderZip();
    await user.click(await screen.findByRole('button', { name: 'View Letter.pdf' }));
    await within(viewer()).findByText('Page 1 of 3');
    await user.click(within(viewer()).getByRole('button', { name: 'Next page' }));
    await user.click(within(viewer()).getByRole('button', { name: 'Zoom in' }));
    await user.click(within(viewer()).getByRole('button', { name: 'Rotate a quarter turn clockwise' }));
    expect(within(viewer()).getByText('Page 2 of 3')).toBeDefined();
    expect(drawn.pages.at(-1)).toEqual({ page: 2, layout: { cssWidth: 900 * 1.25, rotation: 90 } });

    await user.click(within(viewer()).getByRole('button', { name: 'Next document' }));
    expect(await within(viewer()).findByText('Page 1 of 3')).toBeDefined();
    expect(drawn.pages.at(-1)).toEqual({ page: 1, layout: { cssWidth: 900, rotation: 0 } });

    await user.click(within(viewer()).getByRole('button', { name: 'Previous document' }));
    expect(await within(viewer()).findByText('Page 2 of 3')).toBeDefined();
    expect(within(viewer()).getByText('Zoom 125%')).toBeDefined();
    expect(drawn.pages.at(-1)).toEqual({ page: 2, layout: { cssWidth: 900 * 1.25, rotation: 90 } });
  });

  it('prints every page of the PDF shown, as turned on screen', async () => {
    const print = vi.fn<() => void>(() => {
      const area = document.body.querySelector<HTMLElement>('.app-print-area');
      expect(within(area ?? document.body).getAllByRole('img').map((page) => page.getAttribute('alt'))).toEqual([
        'Page 1 of 3 of Letter.pdf',
        'Page 2 of 3 of Letter.pdf',
        'Page 3 of 3 of Letter.pdf',
      ]);
    });
    Object.defineProperty(window, 'print', { value: print, configurable: true });
    const user = renderZip();
    await user.click(await screen.findByRole('button', { name: 'View Letter.pdf' }));
    await within(viewer()).findByText('Page 1 of 3');
    await user.click(within(viewer()).getByRole('button', { name: 'Print' }));
    await vi.waitFor(() => expect(print).toHaveBeenCalledOnce());
    expect(drawn.printed).toEqual([1, 2, 3]);
    await vi.waitFor(() => expect(within(viewer()).getByRole('button', { name: 'Print' }).hasAttribute('disabled')).toBe(false));
    expect(document.body.querySelector('.app-print-area')).toBeNull();
  });
});
