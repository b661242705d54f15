import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readZip } from '../support/download-fixture.js';
import { sandboxEnv } from '../support/sandbox-backend.js';
import { HAVE_CHROMIUM } from './support/browser.js';
import type { PreviewHost } from './support/preview-host.js';
import { SCREENSHOTS, usePreviewSuite } from './support/preview-suite.js';
import { lookUpPatient, SEARCH_HEADING, type SandboxPersonName, searchConfirmed, signIn } from './support/sign-in.js';


if (!HAVE_CHROMIUM) {
  // Loud on purpose: a silent skip would read as a pass.
  process.stderr.write('Browser tests SKIPPED: no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH).\n');
}

describe.skipIf(!HAVE_CHROMIUM)('the app in a browser (web preview)', () => {
  let host: PreviewHost;
  let downloads: string;
  let dataDir: string;
  let page: Page;
  const consoleProblems: string[] = [];
  usePreviewSuite({
    name: 'journey',
    keepSignedIn: 'Alex Morgan',
    consoleProblems,
    onStart: (suite) => ({ host, downloads, dataDir } = suite),
    onPage: (opened) => (page = opened),
  });

  /** Signs in as the person (Alex Morgan, GP admin at Riverside, unless said) and waits for the search form. */
  async function signInAs(name: SandboxPersonName = 'Alex Morgan'): Promise<void> {
    await signIn(page, name);
    await page.getByRole('heading', { level: 1, name: SEARCH_HEADING }).waitFor();
  }

  /** Looks the patient up and confirms them: their documents are listed next. */
  async function search(nhsNumber: string): Promise<void> {
    await searchConfirmed(page, nhsNumber);
  }

  async function expectNoAxeViolations(): Promise<void> {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  }

  it('searches, lists, downloads with progress and saves a verified ZIP holding the documents', async () => {
    await signInAs();
    await page.getByText('SANDBOX — synthetic data').waitFor();
    await expectNoAxeViolations();
    await search('999 000 0018');
    await page.getByRole('heading', { level: 1, name: /999 000 0018/ }).waitFor();
    const table = page.getByRole('table', { name: 'List of documents available' });
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBe(13);
    await expect(table.getByRole('columnheader').allTextContents()).resolves.toEqual(['Select all documents shown', 'File name', 'Type', 'Uploaded ▼']);
    await expectNoAxeViolations();
    await page.screenshot({ path: join(SCREENSHOTS, 'results.png'), fullPage: true });

    await page.getByRole('button', { name: 'Download all documents' }).click();
    const saved = page.getByRole('heading', { name: 'Saved and verified' });
    await page.getByRole('progressbar').or(saved).first().waitFor();
    await saved.waitFor();
    await expectNoAxeViolations();
    await page.screenshot({ path: join(SCREENSHOTS, 'download.png'), fullPage: true });
    expect(consoleProblems).toEqual([]);

    const file = join(downloads, 'patient-record-9990000018.zip');
    await page.getByText(file).first().waitFor();
    const entries = await readZip(file);
    expect(entries.map((entry) => entry.name)).toContain('Lettre de l’hôpital – Zoë Müller.pdf');
    expect(entries).toHaveLength(13);
    expect(entries.at(-1)?.name).toBe('manifest.json');

    // The log for IT in the data folder records the search and the download, with the patient masked.
    const log = await readFile(join(dataDir, 'logs', 'document-store.log'), 'utf8');
    const events = log.trim().split('\n').map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toEqual(expect.arrayContaining(['app.start', 'search.start', 'search.end', 'download.start', 'download.phase', 'download.end']));
    expect(log).not.toMatch(/999[\s-]*000[\s-]*0018/);
    expect(log).not.toContain('9990000018');
    expect(log).toMatch(/"nhsNumber":"nhs#[0-9a-f]{8}"/);
    for (const name of ['Lettre de l’hôpital – Zoë Müller.pdf', 'Zoë', 'patient-record-', downloads]) {
      expect(log).not.toContain(name);
    }
  });

  it('asks before saving a record saved before, and saves one PDF of the whole record beside the ZIP when asked', async () => {
    await signInAs();
    await search('999 000 0018');
    await page.getByRole('checkbox', { name: 'Also save one PDF of the whole record' }).check();
    await page.getByRole('button', { name: 'Download all documents' }).click();

    // The first test saved this record: nothing starts until the person chooses.
    await page.getByRole('heading', { name: /^You saved this record at \d\d:\d\d today$/u }).waitFor();
    await expect(page.getByRole('progressbar').count()).resolves.toBe(0);
    await expectNoAxeViolations();
    await page.screenshot({ path: join(SCREENSHOTS, 'saved-before.png'), fullPage: true });

    await page.getByRole('button', { name: 'Save again' }).click();
    await page.getByRole('heading', { name: 'Saved and verified' }).waitFor();
    await page.getByRole('button', { name: 'Open PDF' }).waitFor();
    await expectNoAxeViolations();
    await page.screenshot({ path: join(SCREENSHOTS, 'record-pdf.png'), fullPage: true });
    const pdfs = (await readdir(downloads)).filter((name) => /^patient-record-9990000018( \(\d+\))?\.pdf$/u.test(name));
    expect(pdfs).toHaveLength(1);
    expect((await readFile(join(downloads, pdfs[0] ?? ''))).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(consoleProblems).toEqual([]);
  });

  it('copies diagnostics for the IT service desk, with no NHS number or file name in them', async () => {
    await signInAs();
    await search('999 000 0018');
    await page.getByRole('table', { name: 'List of documents available' }).waitFor();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });

    await page.getByRole('button', { name: 'Copy diagnostics' }).click();
    await page.getByRole('status').filter({ hasText: 'Diagnostics copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Document Store Desktop diagnostics');
    expect(copied).toContain('Environment: sandbox');
    expect(copied).toContain('Managed by policy: no');
    expect(copied).toContain(`Data folder: ${dataDir}`);
    expect(copied).toMatch(/"event":"search\.end"/);
    expect(copied).not.toMatch(/999[\s-]*000[\s-]*0018/);
    for (const secret of [sandboxEnv().AWS_SECRET_ACCESS_KEY ?? 'no secret', 'Zoë', 'patient-record-']) {
      expect(copied).not.toContain(secret);
    }
    // The same text is on the page for a user who cannot paste.
    await page.getByText('Show the diagnostics').click();
    await expect(page.getByLabel('Diagnostics text').textContent()).resolves.toBe(copied);
    await expectNoAxeViolations();
  });

  it('shows the diagnostics to copy by hand when no clipboard can be reached', async () => {
    await page.context().clearPermissions();
    // A browser that refuses the clipboard (as the app's window does: main copies there instead).
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
    });
    await page.getByRole('button', { name: 'Copy diagnostics' }).click();
    await page.getByRole('status').filter({ hasText: 'could not be copied automatically' }).waitFor();
    const shown = page.getByLabel('Diagnostics text');
    await expect(shown.isVisible()).resolves.toBe(true);
    await expect(shown.textContent()).resolves.toContain('Document Store Desktop diagnostics');
    expect(consoleProblems).toEqual([]);
  });

  it('shows the same NHS number message as main, without searching', async () => {
    await signInAs();
    await lookUpPatient(page, '1234567890');
    await page.getByText('There is a problem').first().waitFor();
    await expect(page.getByText(/the check digit \(the last digit\) does not match/).first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("Search for a patient's documents");
    await expectNoAxeViolations();
  });

  it('says so when a patient has no documents, and offers no download', async () => {
    await signInAs();
    await search('9990000069');
    await page.getByText('There are no documents available for this patient.').waitFor();
    const download = page.getByRole('button', { name: 'Download all documents' });
    expect((await download.count()) === 0 || (await download.isDisabled())).toBe(true);
    await expectNoAxeViolations();
  });

  it('lists documents that are not available separately, with the reason', async () => {
    // No registered GP: a record for PCSE.
    await signInAs('Jordan Lee');
    await search('9990000042');
    const unavailable = page.getByRole('table', { name: 'List of documents not available' });
    await unavailable.waitFor();
    const infected = unavailable.getByRole('row').filter({ hasText: 'Infected attachment.pdf' });
    await expect(infected.getByRole('cell').last().textContent()).resolves.toBe('Failed the virus check');
    await expectNoAxeViolations();
  });

  it('chooses documents: a checkbox per row, filters with the applied filter shown, "N of M selected", and saves only those', async () => {
    await signInAs();
    await search('999 000 0018');
    const table = page.getByRole('table', { name: 'List of documents available' });
    await table.waitFor();
    await expect(page.getByRole('button', { name: 'Download selected (0)' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('checkbox', { name: 'Select Chest X-ray.jpeg' }).check();
    await page.getByLabel('Type').selectOption('PDF');
    await page.getByText('Showing 7 of 12 documents: type PDF').waitFor();
    await page.getByText('1 of 12 selected').waitFor();
    await page.getByRole('button', { name: 'File name' }).click();
    await expect(table.getByRole('rowheader').first().textContent()).resolves.toBe('Blood test results (full panel).pdf');
    await page.getByRole('checkbox', { name: 'Select Vaccination record.pdf' }).check();
    await expectNoAxeViolations();

    await page.getByRole('button', { name: 'Download selected (2)' }).click();
    const saved = page.getByRole('alert', { name: 'Saved and verified' });
    // The first test saved this record already: the app offers that copy first, and "Save again" makes a new file.
    const saveAgain = page.getByRole('button', { name: 'Save again' });
    await saved.or(saveAgain).first().waitFor();
    if (await saveAgain.isVisible()) {
      await saveAgain.click();
    }
    await saved.waitFor();
    await saved.getByText('2 documents saved in one ZIP file, and the saved file was checked.').waitFor();
    const file = (await saved.locator('.app-path').first().textContent()) ?? '';
    const entries = await readZip(file);
    expect(entries.map((entry) => entry.name).toSorted()).toEqual(['Chest X-ray.jpeg', 'Vaccination record.pdf', 'manifest.json']);
  });

  it('saves what it can of a record with unavailable documents, and says in amber which are missing and why', async () => {
    await signInAs('Jordan Lee');
    await search('9990000042');
    await page.getByRole('button', { name: 'Download all documents' }).click();
    const outcome = page.getByRole('alert', { name: 'Important: Saved 2 of 11 documents' });
    await outcome.waitFor({ timeout: 60_000 });
    await expect(outcome.getByText('Infected attachment.pdf: Failed the virus check').isVisible()).resolves.toBe(true);
    await expect(outcome.getByText('Awaiting scan.pdf: Still being checked for viruses').isVisible()).resolves.toBe(true);
    await expect(outcome.getByText('Upload still in progress.pdf: Upload not finished').isVisible()).resolves.toBe(true);
    await expect(outcome.getByText('Lost in storage.pdf: Could not be collected from storage').isVisible()).resolves.toBe(true);
    await expect(outcome.getByText('SHA-256 of the ZIP').isVisible()).resolves.toBe(false);
    await expectNoAxeViolations();
    await page.screenshot({ path: join(SCREENSHOTS, 'download-partial.png'), fullPage: true });

    // Only the document that could not be collected is asked for again; its file is still not in storage.
    await outcome.getByRole('button', { name: 'Try the missing documents again' }).click();
    await page.getByText(/^None of the documents could be read from storage \(Lost in storage\.pdf\), so no ZIP was made\./u).waitFor({ timeout: 60_000 });
  });

  it('cancels a running download and leaves no file behind', async () => {
    // The large record is a Hillview patient.
    await signInAs('Sam Taylor');
    const folderBefore = await readdir(downloads);
    await search('9990000034');
    await page.getByRole('table', { name: 'List of documents available' }).waitFor();
    await page.getByRole('button', { name: 'Download all documents' }).click();
    await page.getByRole('progressbar').waitFor();
    await page.getByText(/^Step [1-4] of 4: /u).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Download cancelled. Nothing was saved.').waitFor();
    expect(await readdir(downloads)).toEqual(folderBefore);
  });

  it('can be used with the keyboard alone', async () => {
    await signInAs();
    await page.keyboard.press('Tab');
    for (let presses = 0; presses < 15 && !(await page.getByLabel('NHS number').evaluate((input) => input === document.activeElement)); presses += 1) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('9990000026');
    await page.keyboard.press('Enter');
    // The confirmation page puts focus on its heading; "Confirm this is the right patient" is the next stop.
    await page.getByRole('heading', { level: 1, name: "Check the patient's details" }).waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent.trim())).resolves.toBe('Confirm this is the right patient');
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: 'List of documents available' }).waitFor();
    for (let presses = 0; presses < 30; presses += 1) {
      const focused = await page.evaluate(() => document.activeElement?.textContent.trim() ?? '');
      if (focused === 'Download all documents') {
        break;
      }
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Saved and verified' }).waitFor();
  });

  it('runs under the strict content security policy: inline script is refused', async () => {
    const violated = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          document.addEventListener('securitypolicyviolation', () => resolve(true), { once: true });
          const script = document.createElement('script');
          try {
            // Trusted Types refuse the untrusted script text outright; without them the CSP refuses to run it.
            script.textContent = 'window.__inlineRan = true;';
            document.body.append(script);
          } catch {
            resolve(true);
          }
          setTimeout(() => resolve(false), 1_000);
        }),
    );
    expect(violated).toBe(true);
    expect(await page.evaluate(() => (window as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    expect(await page.evaluate(() => typeof (window as { require?: unknown }).require)).toBe('undefined');
  });
});
