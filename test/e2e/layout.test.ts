import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sandboxEnv } from '../support/sandbox-backend.js';
import { HAVE_CHROMIUM, launchChromium } from './support/browser.js';
import { type PreviewHost, startPreviewHost } from './support/preview-host.js';
import { searchConfirmed, signIn } from './support/sign-in.js';

// The large record: 1,470 documents listed, of a Hillview patient.
const LARGE_RECORD = '9990000034';
const LISTED = 1_470;
/** The laptop screens practices use most. */
const SCREENS = [
  { width: 1366, height: 768 },
  { width: 1280, height: 720 },
] as const;

describe.skipIf(!HAVE_CHROMIUM)('the layout on laptop screens (web preview)', () => {
  let browser: Browser;
  let host: PreviewHost;
  let downloads: string;
  let dataDir: string;
  let page: Page | undefined;

  beforeAll(async () => {
    downloads = await mkdtemp(join(tmpdir(), 'docstore-e2e-layout-downloads-'));
    dataDir = await mkdtemp(join(tmpdir(), 'docstore-e2e-layout-data-'));
    host = await startPreviewHost(downloads, { ...sandboxEnv(), DOCSTORE_DATA_DIR: dataDir });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await host.stop();
    await Promise.all([downloads, dataDir].map((path) => rm(path, { recursive: true, force: true })));
  });
  afterEach(async () => {
    await page?.context().close();
  });

  describe.each(SCREENS)('at $width×$height', (screen) => {
    async function showLargeRecord(): Promise<Page> {
      page = await (await browser.newContext({ viewport: screen, locale: 'en-GB' })).newPage();
      await page.goto(host.url);
      await signIn(page, 'Sam Taylor');
      await searchConfirmed(page, LARGE_RECORD);
      await page.getByRole('table', { name: 'List of documents available' }).waitFor({ timeout: 60_000 });
      return page;
    }

    it('shows the Download button without scrolling after a search', async () => {
      const shown = await showLargeRecord();
      expect(await shown.evaluate(() => window.scrollY)).toBe(0);
      const button = await shown.getByRole('button', { name: 'Download all documents' }).boundingBox();
      expect(button).not.toBeNull();
      expect((button?.y ?? Number.POSITIVE_INFINITY) + (button?.height ?? 0)).toBeLessThanOrEqual(screen.height);
    });

    it('keeps the sandbox banner and the environment strip to at most 12% of the height', async () => {
      const shown = await showLargeRecord();
      await shown.getByText('SANDBOX — synthetic data').waitFor();
      const strip = await shown.getByRole('region', { name: 'Environment' }).boundingBox();
      expect(strip?.height).toBeLessThanOrEqual(screen.height * 0.12);
    });

    it('scrolls the long table with the page, with no scrolling box of its own, and renders only rows near the window', async () => {
      const shown = await showLargeRecord();
      const table = shown.getByRole('table', { name: 'List of documents available' });
      await expect(table.getAttribute('aria-rowcount')).resolves.toBe(String(LISTED + 1));
      const scrollBoxes = await table.evaluate((element) => {
        const boxes: string[] = [];
        // Up to the page itself, which is the one scrolling box there should be.
        for (let parent = element.parentElement; parent !== null && parent !== document.scrollingElement; parent = parent.parentElement) {
          const { overflowY } = getComputedStyle(parent);
          if ((overflowY === 'auto' || overflowY === 'scroll') && parent.scrollHeight > parent.clientHeight) {
            boxes.push(parent.tagName);
          }
        }
        return boxes;
      });
      expect(scrollBoxes).toEqual([]);
      expect(await table.getByRole('rowheader').count()).toBeLessThan(100);

      // To the end of the page with the keyboard: the last document is there, still with only some rows rendered.
      await shown.locator('body').press('End');
      const lastRow = table.locator(`tr[aria-rowindex="${LISTED + 1}"]`);
      await lastRow.waitFor();
      await expect(lastRow.isVisible()).resolves.toBe(true);
      expect(await table.getByRole('rowheader').count()).toBeLessThan(100);
    });
  });
});
