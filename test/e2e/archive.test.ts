import { access, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/run-script.js';
import { sandboxEnv } from '../support/sandbox-backend.js';
import { HAVE_CHROMIUM, launchChromium } from './support/browser.js';
import { type PreviewHost, startPreviewHost } from './support/preview-host.js';
import { accountNavigation, searchConfirmed, SIGN_IN_BUTTON, showSignInPage, signIn } from './support/sign-in.js';

const SCREENSHOTS = join(PROJECT_ROOT, 'docs', 'screenshots');
const FAILURES = join(PROJECT_ROOT, 'test-results');
const NHS_NUMBER = '9990000018';
// Nothing listens on the discard port: every AWS call fails at once with ECONNREFUSED.
const UNREACHABLE = 'http://127.0.0.1:9';

if (!HAVE_CHROMIUM) {
  // Loud on purpose: a silent skip would read as a pass.
  process.stderr.write('Browser tests SKIPPED: no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH).\n');
}

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

describe.skipIf(!HAVE_CHROMIUM)('the local archive in a browser (web preview), offline', () => {
  let browser: Browser;
  let host: PreviewHost | undefined;
  let downloads: string;
  let dataDir: string;
  let page: Page | undefined;
  const consoleProblems: string[] = [];
  const requested: string[] = [];

  beforeAll(async () => {
    // A host, data folder and downloads folder of its own: the archive index must start empty.
    downloads = await mkdtemp(join(tmpdir(), 'docstore-e2e-archive-downloads-'));
    dataDir = await mkdtemp(join(tmpdir(), 'docstore-e2e-archive-data-'));
    browser = await launchChromium();
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser.close();
    await host?.stop();
    await Promise.all([downloads, dataDir].map((path) => rm(path, { recursive: true, force: true })));
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page !== undefined) {
      await mkdir(FAILURES, { recursive: true });
      await page.screenshot({ path: join(FAILURES, `${context.task.name.replace(/\W+/g, '-')}.png`), fullPage: true });
    }
    await page?.context().close();
  });

  async function openApp(): Promise<Page> {
    consoleProblems.length = 0;
    requested.length = 0;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const opened = await context.newPage();
    opened.on('console', (message) => {
      if (message.type() === 'error') {
        consoleProblems.push(message.text());
      }
    });
    opened.on('pageerror', (error) => consoleProblems.push(error.message));
    opened.on('request', (request) => requested.push(new URL(request.url()).pathname));
    // Names what a "Failed to load resource" in the console was.
    opened.on('response', (response) => {
      if (response.status() >= 400) {
        consoleProblems.push(`${response.status()} ${new URL(response.url()).pathname}`);
      }
    });
    // Injected by the browser, not the page, so the CSP does not apply to it.
    await opened.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.__cspViolations?.push(`${event.violatedDirective}: ${event.blockedURI}`);
      });
    });
    await opened.goto(host?.url ?? '');
    await opened.getByRole('button', { name: SIGN_IN_BUTTON }).or(accountNavigation(opened)).first().waitFor();
    page = opened;
    return opened;
  }

  /** The row of the archive's table for the saved record of NHS_NUMBER. */
  function savedRecord(on: Page): Locator {
    return on.getByRole('table', { name: 'Saved records' }).getByRole('row').filter({ hasText: '999 000 0018' });
  }

  async function expectNoAxeViolations(on: Page): Promise<void> {
    const results = await new AxeBuilder({ page: on }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`)).toEqual([]);
  }

  async function expectNoCspViolations(on: Page): Promise<void> {
    expect(await on.evaluate(() => window.__cspViolations ?? ['the CSP listener was not installed'])).toEqual([]);
  }

  it('saves a record online, then lists, verifies, opens, views and removes it with every AWS endpoint unreachable', { timeout: 180_000 }, async () => {
    // Online: download the ordinary record through the UI; the verified save is recorded in the archive.
    host = await startPreviewHost(downloads, { ...sandboxEnv(), DOCSTORE_DATA_DIR: dataDir });
    let app = await openApp();
    await signIn(app, 'Alex Morgan');
    await searchConfirmed(app, NHS_NUMBER);
    await app.getByRole('table', { name: 'List of documents available' }).waitFor();
    await app.getByRole('button', { name: 'Download all documents' }).click();
    await app.getByRole('heading', { name: 'Saved and verified' }).waitFor({ timeout: 60_000 });
    const file = join(downloads, `patient-record-${NHS_NUMBER}.zip`);
    await access(file);
    const savedBytes = await readFile(file);
    await app.context().close();
    page = undefined;
    await host.stop();

    // Offline: the same data folder and downloads, but no AWS endpoint answers.
    host = await startPreviewHost(downloads, {
      ...sandboxEnv(),
      DOCSTORE_DATA_DIR: dataDir,
      AWS_ENDPOINT_URL_DYNAMODB: UNREACHABLE,
      AWS_ENDPOINT_URL_S3: UNREACHABLE,
      AWS_ENDPOINT_URL_SQS: UNREACHABLE,
    });
    app = await openApp();

    // Search says plainly that the store cannot be reached (sign-in and the patient look-up need no AWS store)…
    await signIn(app, 'Alex Morgan');
    await searchConfirmed(app, NHS_NUMBER);
    await app.getByText(/Cannot reach DynamoDB/).first().waitFor({ timeout: 60_000 });

    // …while the archive works: the save is listed and its file verified.
    await app.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Archive' }).click();
    await app.getByRole('heading', { level: 1, name: 'Archive of saved ZIPs' }).waitFor();
    const row = savedRecord(app);
    await row.getByText('Status: Verified').waitFor();
    await expect(row.getByText(basename(file)).isVisible()).resolves.toBe(true);
    await expect(app.getByRole('link', { name: 'Archive' }).getAttribute('aria-current')).resolves.toBe('page');
    await expectNoAxeViolations(app);
    await app.screenshot({ path: join(SCREENSHOTS, 'archive.png'), fullPage: true });

    // View documents: the documents listed from the ZIP and checked against the list saved with them.
    await row.getByRole('button', { name: /^View documents for NHS number 999 000 0018/ }).click();
    await app.getByRole('heading', { level: 1, name: /^Documents in the ZIP for/ }).waitFor();
    await app.getByText('All 12 documents are unchanged since the ZIP was saved.').waitFor();
    const documents = app.getByRole('table', { name: 'Documents in this ZIP' });
    expect(await documents.getByRole('row').count()).toBe(13);

    // A PDF page drawn on a canvas by pdf.js, named for assistive technology; pdf.js and its worker load only now.
    const pdfJs = (path: string) => /\/assets\/pdf[.-]/.test(path);
    expect(requested.filter(pdfJs)).toEqual([]);
    await documents.getByRole('button', { name: 'View GP summary 2024.pdf' }).click();
    const canvas = app.getByRole('img', { name: 'Page 1 of 1 of GP summary 2024.pdf' });
    await canvas.waitFor();
    await app.locator('canvas[data-drawn-page="1"]').waitFor();
    const inked = await canvas.evaluate((element) => {
      const drawn = element as HTMLCanvasElement;
      const pixels = drawn.getContext('2d')?.getImageData(0, 0, drawn.width, drawn.height).data ?? new Uint8ClampedArray();
      let dark = 0;
      for (let index = 0; index < pixels.length; index += 4) {
        if ((pixels[index] ?? 255) < 128 && (pixels[index + 3] ?? 0) > 0) {
          dark += 1;
        }
      }
      return { dark, width: drawn.width, height: drawn.height, dataUrlLength: drawn.toDataURL().length };
    });
    expect(inked.width).toBeGreaterThan(300);
    expect(inked.dark).toBeGreaterThan(100);
    expect(inked.dataUrlLength).toBeGreaterThan(5_000);
    expect(requested.filter(pdfJs)).toEqual([expect.stringMatching(/^\/assets\/pdf-document-[\w-]+\.js$/), expect.stringMatching(/^\/assets\/pdf\.worker\.min-[\w-]+\.js$/)]);
    await app.getByText('Text on page 1').click();
    await app.getByText(/Synthetic test document/).first().waitFor();
    await expectNoAxeViolations(app);
    await app.getByRole('region', { name: 'GP summary 2024.pdf' }).screenshot({ path: join(SCREENSHOTS, 'viewer.png') });

    // An image through a blob: URL, with its file name as the text alternative.
    await documents.getByRole('button', { name: 'View ECG trace.png' }).click();
    const image = app.getByRole('img', { name: 'ECG trace.png' });
    await image.waitFor();
    await expect.poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await expect(image.getAttribute('src')).resolves.toMatch(/^blob:/);
    await expectNoAxeViolations(app);

    // "Save a copy…" writes the one document into --downloads (the preview's stand-in for a save dialog).
    await documents.getByRole('button', { name: 'Save a copy… of Chest X-ray.jpeg' }).click();
    await app.getByText(`Saved a copy of "Chest X-ray.jpeg" as ${join(downloads, 'Chest X-ray.jpeg')}.`).waitFor();
    await access(join(downloads, 'Chest X-ray.jpeg'));

    // Back to the list: check the file, then Remove from archive (the file stays).
    await app.getByRole('button', { name: 'Back to the archive' }).click();
    await row.getByRole('button', { name: /^Check the file is unchanged for/ }).click();
    await app.getByText(/: the file is there and unchanged since it was saved\./).first().waitFor();
    await row.getByRole('button', { name: /^Remove from archive for/ }).click();
    const confirm = app.getByRole('group', { name: 'Important: Remove this ZIP from the archive?' });
    await confirm.waitFor();
    await expectNoAxeViolations(app);
    await confirm.getByRole('button', { name: 'Yes, remove from archive' }).click();
    await app.getByText(`The ZIP for NHS number 999 000 0018 was removed from the archive. The file was kept at ${file}.`).waitFor();
    await app.getByText(/^The archive is empty/).waitFor();
    expect(await readFile(file)).toEqual(savedBytes);

    // "Add a ZIP…" (the preview picks the newest ZIP in --downloads not in the archive) checks it against its manifest.
    await app.getByRole('button', { name: 'Add a ZIP…' }).click();
    await app.getByRole('heading', { name: 'Added to the archive' }).waitFor();
    const added = app.getByRole('table', { name: 'Documents in the added ZIP' });
    expect(await added.getByRole('row').count()).toBe(13);
    expect(await added.getByText('Unchanged', { exact: true }).count()).toBe(12);
    await row.getByText('Status: Verified').waitFor();
    await expectNoAxeViolations(app);

    expect(consoleProblems).toEqual([]);
    await expectNoCspViolations(app);
  });

  it('shows a moved ZIP as Missing, accepts it back with Locate… when the hash matches, and deletes the file only when asked', async () => {
    // Still offline: the host from the test above, with the ZIP added back to the archive. Saved ZIPs are the computer
    // user's own files: the archive works with nobody signed in.
    const app = await openApp();
    await showSignInPage(app);
    await expect(accountNavigation(app).count()).resolves.toBe(0);
    await app.getByRole('link', { name: 'Archive' }).click();
    const row = savedRecord(app);
    await row.getByText('Status: Verified').waitFor();

    const file = join(downloads, `patient-record-${NHS_NUMBER}.zip`);
    const moved = join(downloads, 'renamed by a colleague.zip');
    await rename(file, moved);
    await app.getByRole('button', { name: 'Check every file' }).click();
    await row.getByText('Status: Missing').waitFor();
    await app.getByText('Checked 1 ZIP: 0 verified, 0 changed, 1 missing.').waitFor();
    await expectNoAxeViolations(app);

    // The preview's stand-in for the file dialog offers the ZIP of the recorded size in --downloads.
    await row.getByRole('button', { name: /^Locate… for/ }).click();
    await app.getByText(`Found it: the archive now points at ${moved}, and the file is unchanged since it was saved.`).waitFor();
    await row.getByText('Status: Verified').waitFor();
    await expect(row.getByText(basename(moved)).isVisible()).resolves.toBe(true);

    await row.getByRole('button', { name: /^Remove from archive for/ }).click();
    const confirm = app.getByRole('group', { name: 'Important: Remove this ZIP from the archive?' });
    await confirm.getByLabel(/^Delete the file/).check();
    await confirm.getByRole('button', { name: 'Yes, remove and delete the file' }).click();
    await app.getByText('The ZIP for NHS number 999 000 0018 was removed from the archive and the file was deleted.').waitFor();
    await expect(access(moved)).rejects.toThrow();

    expect(consoleProblems).toEqual([]);
    await expectNoCspViolations(app);
  });
});
