import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/axe.js';
import { HAVE_CHROMIUM } from './support/browser.js';
import { SCREENSHOTS, usePreviewSuite } from './support/preview-suite.js';
import { DAMAGED, LETTER, LETTER_PAGES, NOTE_COUNT, PHOTO, SUMMARY, noteName, writeViewerZip } from './support/viewer-zip.js';

/** The documents the viewer can show: all but the damaged one. */
const VIEWABLE = 3 + NOTE_COUNT;
const DOCUMENTS_TABLE = 'Documents in this ZIP';
/** How long to wait for what the page draws (pdf.js pages, images made for printing) on a busy machine. */
const DRAWN = { timeout: 20_000 };

if (!HAVE_CHROMIUM) {
  // Loud on purpose: a silent skip would read as a pass.
  process.stderr.write('Browser tests SKIPPED: no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH).\n');
}

declare global {
  interface Window {
    /** What each stubbed window.print call would have printed: the print area's images. */
    __printed?: Array<ReadonlyArray<{ readonly alt: string; readonly width: number }>>;
  }
}

describe.skipIf(!HAVE_CHROMIUM)('the offline viewer in a browser (web preview)', () => {
  let downloads: string;
  let page: Page;
  const consoleProblems: string[] = [];
  usePreviewSuite({
    name: 'viewer',
    consoleProblems,
    onStart: (suite) => ({ downloads } = suite),
    onPage: (opened) => (page = opened),
  });

  beforeAll(async () => {
    // Runs after the suite's own beforeAll, which made the downloads folder "Add a ZIP…" picks from.
    await writeViewerZip(downloads);
  });

  /** Opens the saved ZIP from the archive (adding it the first time), as someone not signed in may; the documents table is returned. */
  async function openSavedZip(): Promise<Locator> {
    await page.getByRole('link', { name: 'Archive' }).click();
    await page.getByRole('heading', { level: 1, name: 'Archive of saved ZIPs' }).waitFor();
    const row = page.getByRole('table', { name: 'Saved records' }).getByRole('row').filter({ hasText: '999 000 0018' });
    const empty = page.getByText(/^The archive is empty/);
    await row.or(empty).first().waitFor();
    if (await empty.isVisible()) {
      await page.getByRole('button', { name: 'Add a ZIP…' }).click();
      await page.getByRole('heading', { name: 'Added to the archive' }).waitFor();
    }
    await row.getByRole('button', { name: /^View documents for/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Documents in the ZIP for/ }).waitFor();
    const table = page.getByRole('table', { name: DOCUMENTS_TABLE });
    await table.waitFor();
    return table;
  }

  /** The viewer, named by the document it shows. */
  function viewer(name: string): Locator {
    return page.getByRole('region', { name });
  }

  /** Opens a document from the table and waits until it is shown. */
  async function view(table: Locator, name: string): Promise<Locator> {
    await table.getByRole('button', { name: `View ${name}`, exact: true }).click();
    const shown = viewer(name);
    await shown.waitFor();
    return shown;
  }

  /** The PDF page on screen once pdf.js has drawn it. */
  async function drawnPage(name: string, pageNumber: number, pageCount: number): Promise<Locator> {
    const canvas = page.getByRole('img', { name: `Page ${pageNumber} of ${pageCount} of ${name}` });
    await canvas.and(page.locator(`[data-drawn-page="${pageNumber}"]`)).waitFor();
    return canvas;
  }

  /** The size the user sees, transforms included. */
  async function shownSize(element: Locator): Promise<{ readonly width: number; readonly height: number }> {
    return element.evaluate((node) => {
      const { width, height } = node.getBoundingClientRect();
      return { width, height };
    });
  }

  /** What has keyboard focus: its text (visually hidden words included), and whether it is in the documents table. */
  function focused(): Promise<{ readonly text: string; readonly inTable: boolean }> {
    return page.evaluate((caption) => {
      const active = document.activeElement;
      return {
        text: active?.textContent.trim() ?? '',
        inTable: active?.closest('table')?.querySelector('caption')?.textContent === caption,
      };
    }, DOCUMENTS_TABLE);
  }

  it('moves to the next and previous document with the buttons and the arrow keys, naming each, and skips the damaged one', async () => {
    const table = await openSavedZip();
    let shown = await view(table, LETTER);
    await drawnPage(LETTER, 1, LETTER_PAGES);
    await shown.getByText(`Document 1 of ${VIEWABLE}`).waitFor();
    await expect(shown.getByRole('button', { name: 'Previous document' }).isDisabled()).resolves.toBe(true);
    await expect(page.title()).resolves.toBe(`${LETTER} – Documents in the ZIP for NHS number 999 000 0018 – Document Store Desktop`);
    await expectNoAxeViolations(page);

    await shown.getByRole('button', { name: 'Next document' }).click();
    shown = viewer(PHOTO);
    await shown.getByRole('heading', { level: 2, name: PHOTO }).waitFor();
    await shown.getByText(`Document 2 of ${VIEWABLE}`).waitFor();
    await expect.poll(() => shown.getByRole('img', { name: PHOTO }).evaluate((image) => (image as HTMLImageElement).naturalWidth), DRAWN).toBe(800);
    await expect(page.title()).resolves.toMatch(new RegExp(`^${PHOTO.replace('.', '\\.')} – `));

    // The viewer's heading has focus after a move, so the arrow keys go on from there.
    await page.keyboard.press('ArrowRight');
    shown = viewer(SUMMARY);
    await shown.getByText(`Document 3 of ${VIEWABLE}`).waitFor();
    await drawnPage(SUMMARY, 1, 1);
    await page.keyboard.press('ArrowLeft');
    await viewer(PHOTO).getByText(`Document 2 of ${VIEWABLE}`).waitFor();
    await viewer(PHOTO).getByRole('button', { name: 'Previous document' }).click();
    shown = viewer(LETTER);
    await shown.getByText(`Document 1 of ${VIEWABLE}`).waitFor();
    await page.keyboard.press('ArrowLeft');
    await expect(viewer(LETTER).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
    expect(consoleProblems).toEqual([]);
  });

  it('zooms in and out, fits to the width and turns the page, and the size shown follows', async () => {
    const table = await openSavedZip();
    const shown = await view(table, LETTER);
    const canvas = await drawnPage(LETTER, 1, LETTER_PAGES);
    const toolbar = shown.getByRole('toolbar', { name: 'View the document' });
    const frame = shown.getByRole('region', { name: 'Document shown' });
    await toolbar.getByText('Fitted to width').waitFor();
    const fitted = await shownSize(canvas);
    const frameWidth = (await shownSize(frame)).width;
    // The page fills the frame's width, less its padding.
    expect(fitted.width).toBeGreaterThan(frameWidth - 40);
    expect(fitted.width).toBeLessThanOrEqual(frameWidth);
    expect(fitted.height).toBeGreaterThan(fitted.width);

    await toolbar.getByRole('button', { name: 'Zoom in' }).click();
    await toolbar.getByText('Zoom 125%').waitFor();
    await expect.poll(async () => (await shownSize(canvas)).width / fitted.width, DRAWN).toBeCloseTo(1.25, 1);
    await toolbar.getByRole('button', { name: 'Zoom in' }).click();
    await toolbar.getByText('Zoom 150%').waitFor();
    await expect.poll(async () => (await shownSize(canvas)).width / fitted.width, DRAWN).toBeCloseTo(1.5, 1);
    // Wider than the frame now: the frame scrolls sideways rather than squeezing the page.
    await expect.poll(() => frame.evaluate((box) => box.scrollWidth > box.clientWidth), DRAWN).toBe(true);
    await expectNoAxeViolations(page);

    await toolbar.getByRole('button', { name: 'Fit to width' }).click();
    await toolbar.getByText('Fitted to width').waitFor();
    await expect.poll(async () => Math.round((await shownSize(canvas)).width), DRAWN).toBe(Math.round(fitted.width));
    await expect(toolbar.getByRole('button', { name: 'Fit to width' }).isDisabled()).resolves.toBe(true);
    await toolbar.getByRole('button', { name: 'Zoom out' }).click();
    await toolbar.getByText('Zoom 75%').waitFor();
    await expect.poll(async () => (await shownSize(canvas)).width / fitted.width, DRAWN).toBeCloseTo(0.75, 1);
    await toolbar.getByRole('button', { name: 'Fit to width' }).click();

    // A quarter turn: the portrait page is drawn on its side, still fitted to the width, and the turn is said in words.
    await toolbar.getByRole('button', { name: 'Rotate a quarter turn clockwise' }).click();
    await toolbar.getByText('Turned 90 degrees clockwise').waitFor();
    await expect.poll(async () => {
      const turned = await shownSize(canvas);
      return turned.width > turned.height && Math.abs(turned.width - fitted.width) < 2;
    }, DRAWN).toBe(true);
    await expectNoAxeViolations(page);
    await shown.screenshot({ path: join(SCREENSHOTS, 'viewer-controls.png') });

    // The landscape photo stands upright after a quarter turn, and is back as it was after four.
    await shown.getByRole('button', { name: 'Next document' }).click();
    const photoViewer = viewer(PHOTO);
    const photo = photoViewer.getByRole('img', { name: PHOTO });
    await expect.poll(() => photo.evaluate((image) => (image as HTMLImageElement).naturalWidth), DRAWN).toBe(800);
    const upright = await shownSize(photo);
    expect(upright.width / upright.height).toBeCloseTo(2, 1);
    const rotate = photoViewer.getByRole('button', { name: 'Rotate a quarter turn clockwise' });
    await rotate.click();
    await photoViewer.getByText('Turned 90 degrees clockwise').waitFor();
    await expect.poll(async () => {
      const turned = await shownSize(photo);
      return turned.height / turned.width;
    }, DRAWN).toBeCloseTo(2, 1);
    await rotate.click();
    await photoViewer.getByText('Turned upside down').waitFor();
    await rotate.click();
    await photoViewer.getByText('Turned 90 degrees anticlockwise').waitFor();
    await rotate.click();
    await expect.poll(async () => {
      const turned = await shownSize(photo);
      return turned.width / turned.height;
    }, DRAWN).toBeCloseTo(2, 1);
    await expect(photoViewer.getByText(/^Turned/).count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
    expect(consoleProblems).toEqual([]);
  });

  it('prints every page of the document shown, and the app is usable again afterwards', async () => {
    // The print dialog would block the page: a stand-in records what the print area holds when print is called.
    await page.addInitScript(() => {
      window.__printed = [];
      window.print = () => {
        const pages = [...document.querySelectorAll<HTMLImageElement>('body.app-printing > .app-print-area img')].map((image) => ({ alt: image.alt, width: image.naturalWidth }));
        window.__printed?.push(pages);
      };
    });
    await page.reload();
    const table = await openSavedZip();
    const shown = await view(table, LETTER);
    await drawnPage(LETTER, 1, LETTER_PAGES);
    const print = shown.getByRole('button', { name: 'Print' });
    await print.click();

    await expect.poll(() => page.evaluate(() => window.__printed?.length), DRAWN).toBe(1);
    const printed = (await page.evaluate(() => window.__printed?.[0])) ?? [];
    expect(printed.map((printedPage) => printedPage.alt)).toEqual(Array.from({ length: LETTER_PAGES }, (_, index) => `Page ${index + 1} of ${LETTER_PAGES} of ${LETTER}`));
    expect(printed.every((printedPage) => printedPage.width > 0)).toBe(true);

    // Afterwards: Print is offered again, the print-only pages are gone, and the viewer still moves on.
    await expect.poll(() => print.isEnabled(), DRAWN).toBe(true);
    await expect(print.textContent()).resolves.toBe('Print');
    await expect(page.locator('body.app-printing').count()).resolves.toBe(0);
    await expect(page.getByRole('img', { name: new RegExp(`^Page \\d of ${LETTER_PAGES} of `) }).count()).resolves.toBe(1);
    await shown.getByRole('button', { name: 'Next page' }).click();
    await drawnPage(LETTER, 2, LETTER_PAGES);

    // An image prints as it is turned on screen.
    await shown.getByRole('button', { name: 'Next document' }).click();
    const photoViewer = viewer(PHOTO);
    await photoViewer.getByRole('button', { name: 'Rotate a quarter turn clockwise' }).click();
    await photoViewer.getByRole('button', { name: 'Print' }).click();
    await expect.poll(() => page.evaluate(() => window.__printed?.length), DRAWN).toBe(2);
    await expect(page.evaluate(() => window.__printed?.[1])).resolves.toEqual([{ alt: `Page 1 of 1 of ${PHOTO}`, width: 400 }]);
    await expect.poll(() => photoViewer.getByRole('button', { name: 'Print' }).isEnabled(), DRAWN).toBe(true);
    await expectNoAxeViolations(page);
    expect(consoleProblems).toEqual([]);
  });

  it("keeps each document's page, zoom and scroll when moving away and back, or closing and opening it again", async () => {
    const table = await openSavedZip();
    const shown = await view(table, LETTER);
    await drawnPage(LETTER, 1, LETTER_PAGES);
    await shown.getByRole('button', { name: 'Next page' }).click();
    await drawnPage(LETTER, 2, LETTER_PAGES);
    for (let presses = 0; presses < 3; presses += 1) {
      await shown.getByRole('button', { name: 'Zoom in' }).click();
    }
    await shown.getByText('Zoom 200%').waitFor();
    const frame = shown.getByRole('region', { name: 'Document shown' });
    await expect.poll(() => frame.evaluate((box) => box.scrollHeight > box.clientHeight + 400 && box.scrollWidth > box.clientWidth + 200), DRAWN).toBe(true);
    await frame.hover();
    await page.mouse.wheel(150, 400);
    await expect.poll(() => frame.evaluate((box) => box.scrollTop), DRAWN).toBeGreaterThan(0);
    const scrolled = await frame.evaluate((box) => ({ top: box.scrollTop, left: box.scrollLeft }));
    expect(scrolled.left).toBeGreaterThan(0);

    // Another document starts at its own first page, fitted to the width.
    await shown.getByRole('button', { name: 'Next document' }).click();
    await viewer(PHOTO).getByText('Fitted to width').waitFor();
    await viewer(PHOTO).getByRole('button', { name: 'Previous document' }).click();

    async function expectPlaceKept(): Promise<void> {
      const back = viewer(LETTER);
      await drawnPage(LETTER, 2, LETTER_PAGES);
      await back.getByText(`Page 2 of ${LETTER_PAGES}`, { exact: true }).waitFor();
      await back.getByText('Zoom 200%').waitFor();
      const backFrame = back.getByRole('region', { name: 'Document shown' });
      await expect.poll(() => backFrame.evaluate((box) => ({ top: box.scrollTop, left: box.scrollLeft })), DRAWN).toEqual(scrolled);
    }
    await expectPlaceKept();

    await viewer(LETTER).getByRole('button', { name: 'Close viewer' }).click();
    await expect(viewer(LETTER).count()).resolves.toBe(0);
    await view(table, LETTER);
    await expectPlaceKept();
    await expectNoAxeViolations(page);
    expect(consoleProblems).toEqual([]);
  });

  it('makes the long list of documents one tab stop, rendering only the rows near the window, with the arrow keys moving within it', async () => {
    const table = await openSavedZip();
    await expect(table.getAttribute('aria-rowcount')).resolves.toBe(String(4 + NOTE_COUNT + 1));
    expect(await table.getByRole('row').count()).toBeLessThan(4 + NOTE_COUNT);
    await expect(table.locator('button:not([tabindex="-1"])').count()).resolves.toBe(1);

    // The last stop before the table is the manifest check's "Technical details".
    await page.locator('summary').filter({ hasText: 'Technical details' }).focus();
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toEqual({ text: `View ${LETTER}`, inTable: true });
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toMatchObject({ inTable: false });
    // Leaving scrolled the page down past the long table, so its first rows are no longer rendered: Shift+Tab comes
    // back to a row in view, still as the table's one stop, and Home goes back to the top.
    await expect.poll(() => table.getByRole('button', { name: `View ${LETTER}`, exact: true }).count(), DRAWN).toBe(0);
    await page.keyboard.press('Shift+Tab');
    await expect(focused()).resolves.toMatchObject({ text: expect.stringMatching(/^View Practice note \d{3}\.pdf$/u), inTable: true });
    await expect(table.locator('button:not([tabindex="-1"])').count()).resolves.toBe(1);
    await page.keyboard.press('Home');
    await expect.poll(focused, DRAWN).toEqual({ text: `View ${LETTER}`, inTable: true });

    // Down to the damaged document, which has only "Save a copy…", then across the photo's two buttons.
    await page.keyboard.press('ArrowDown');
    await expect(focused()).resolves.toEqual({ text: `Save a copy… of ${DAMAGED}`, inTable: true });
    await page.keyboard.press('ArrowDown');
    await expect(focused()).resolves.toEqual({ text: `View ${PHOTO}`, inTable: true });
    await page.keyboard.press('ArrowRight');
    await expect(focused()).resolves.toEqual({ text: `Save a copy… of ${PHOTO}`, inTable: true });
    await page.keyboard.press('ArrowLeft');
    await expect(focused()).resolves.toEqual({ text: `View ${PHOTO}`, inTable: true });

    // End reaches the last row, which is rendered only once scrolled to; Tab leaves and Shift+Tab comes back to it.
    await page.keyboard.press('End');
    await expect.poll(focused, DRAWN).toEqual({ text: `View ${noteName(NOTE_COUNT)}`, inTable: true });
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toMatchObject({ inTable: false });
    await page.keyboard.press('Shift+Tab');
    await expect(focused()).resolves.toEqual({ text: `View ${noteName(NOTE_COUNT)}`, inTable: true });
    await expect(table.locator('button:not([tabindex="-1"])').count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    await page.keyboard.press('Home');
    await expect.poll(focused, DRAWN).toEqual({ text: `View ${LETTER}`, inTable: true });
    await page.keyboard.press('Enter');
    await drawnPage(LETTER, 1, LETTER_PAGES);
    expect(consoleProblems).toEqual([]);
  });

  it('marks the damaged document and still opens the one after it', async () => {
    const table = await openSavedZip();
    const changed = page.getByRole('heading', { name: 'Important: This ZIP has changed since it was saved' });
    await changed.waitFor();
    await expect(page.getByRole('listitem').filter({ hasText: DAMAGED }).count()).resolves.toBe(1);
    const damagedRow = table.getByRole('row').filter({ hasText: DAMAGED });
    await damagedRow.getByText('Damaged', { exact: true }).waitFor();
    await damagedRow.getByText(/^Cannot be read: /).waitFor();
    await expect(damagedRow.getByRole('button', { name: `View ${DAMAGED}` }).count()).resolves.toBe(0);
    await expect(damagedRow.getByRole('button', { name: `Save a copy… of ${DAMAGED}` }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
    // The table's first rows, the damaged one among them, at the top of the window.
    await page.getByText('In the table, the arrow keys move between documents and their buttons.').evaluate((hint) => hint.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-damaged.png') });

    const shown = await view(table, PHOTO);
    await expect.poll(() => shown.getByRole('img', { name: PHOTO }).evaluate((image) => (image as HTMLImageElement).naturalWidth), DRAWN).toBe(800);
    await shown.getByText('. It is unchanged since it was saved.', { exact: false }).waitFor();
    await view(table, SUMMARY);
    await drawnPage(SUMMARY, 1, 1);
    await expectNoAxeViolations(page);
    expect(consoleProblems).toEqual([]);
  });
});
