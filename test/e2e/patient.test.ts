import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/axe.js';
import { HAVE_CHROMIUM } from './support/browser.js';
import { SCREENSHOTS, usePreviewSuite } from './support/preview-suite.js';
import { accountNavigation, lookUpPatient, type SandboxPersonName, SEARCH_HEADING, SIGN_IN_HEADING, showSignInPage, signIn } from './support/sign-in.js';

const CONFIRM_HEADING = "Check the patient's details";
const CONFIRM = 'Confirm this is the right patient';

if (!HAVE_CHROMIUM) {
  // Loud on purpose: a silent skip would read as a pass.
  process.stderr.write('Browser tests SKIPPED: no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH).\n');
}

// Confirming the patient on PDS before any document is listed, and the role rules main applies to what follows.
describe.skipIf(!HAVE_CHROMIUM)('confirming the patient and the role rules (web preview)', () => {
  let downloads: string;
  let page: Page;
  const consoleProblems: string[] = [];
  usePreviewSuite({
    name: 'patient',
    keepSignedIn: 'Alex Morgan',
    consoleProblems,
    onStart: (suite) => ({ downloads } = suite),
    onPage: (opened) => (page = opened),
  });

  /** Signs in as the person, looks the patient up, and waits for "Check the patient's details". */
  async function confirmationFor(name: SandboxPersonName, nhsNumber: string): Promise<Locator> {
    await signIn(page, name);
    await page.getByRole('heading', { level: 1, name: SEARCH_HEADING }).waitFor();
    await lookUpPatient(page, nhsNumber);
    await page.getByRole('heading', { level: 1, name: CONFIRM_HEADING }).waitFor();
    return page.locator('dl.app-patient-details');
  }

  /** The value beside a term of the patient's details, or null when the page has no such row. */
  async function detail(details: Locator, term: string): Promise<string | null> {
    const row = details.locator('.nhsuk-summary-list__row').filter({ has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) });
    return (await row.count()) === 0 ? null : ((await row.locator('dd').first().textContent()) ?? '').trim();
  }

  it('shows a registered patient from PDS before any document, and goes back to the form with "Search again"', async () => {
    const details = await confirmationFor('Alex Morgan', '9990000018');
    await expect(page.title()).resolves.toBe(`${CONFIRM_HEADING} – Document Store Desktop`);
    await expect(detail(details, 'NHS number')).resolves.toBe('999 000 0018');
    await expect(detail(details, 'Name')).resolves.toMatch(/^Amelia Rose Hartley$/i);
    await expect(detail(details, 'Date of birth')).resolves.toBe('14 March 1984');
    await expect(detail(details, 'Gender')).resolves.toBe('Female');
    // PDS names the practice by its ODS code only.
    await expect(detail(details, 'GP practice')).resolves.toBe('A81001');
    await expect(detail(details, 'Status')).resolves.toBe('Registered');
    await expect(detail(details, 'Address')).resolves.toContain('12 Willow Court');
    await expect(detail(details, 'Postcode')).resolves.toBe('LS1 4AP');
    // Nothing of the record yet: the documents come only after the confirmation.
    await expect(page.getByRole('table').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: CONFIRM }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'confirm-patient.png'), fullPage: true });

    await page.getByRole('button', { name: 'Search again' }).click();
    await page.getByRole('heading', { level: 1, name: SEARCH_HEADING }).waitFor();
    await expect(page.getByLabel('NHS number').inputValue()).resolves.toMatch(/^999\s?000\s?0018$/);
    expect(consoleProblems).toEqual([]);
  });

  it('shows a restricted patient without their address', async () => {
    const details = await confirmationFor('Alex Morgan', '9990000069');
    await expect(detail(details, 'Address')).resolves.toBe("Address withheld: this patient's record is restricted.");
    await expect(detail(details, 'Postcode')).resolves.toBeNull();
    const shown = (await page.locator('body').textContent()) ?? '';
    for (const withheld of ['Refuge', 'LS99 9ZZ']) {
      expect(shown).not.toContain(withheld);
    }
    await expect(page.getByRole('button', { name: CONFIRM }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
  });

  it('shows a deceased patient to PCSE, who may confirm and see their documents', async () => {
    const details = await confirmationFor('Jordan Lee', '9990000050');
    await expect(detail(details, 'Status')).resolves.toBe('Deceased (17 October 2025)');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: CONFIRM }).click();
    await page.getByRole('heading', { level: 1, name: /999 000 0050/ }).waitFor();
    await page.getByRole('table', { name: 'List of documents available' }).waitFor();
    await expect(page.getByRole('button', { name: 'Download all documents' }).isVisible()).resolves.toBe(true);
  });

  it('says in plain words when a merged number has been replaced, and shows the current record', async () => {
    const details = await confirmationFor('Alex Morgan', '9990000085');
    await page.getByText('NHS number 999 000 0085 has been replaced by 999 000 0018; showing the current record.').waitFor();
    await expect(detail(details, 'NHS number')).resolves.toBe('999 000 0018');
    await expectNoAxeViolations(page);
  });

  it('refuses a patient registered at another practice: the reason is shown and no document is listed', async () => {
    await confirmationFor('Alex Morgan', '9990000034');
    const refusal = page.locator('.nhsuk-card--warning').filter({ has: page.getByRole('heading', { name: "Important: You cannot see this patient's documents" }) });
    await refusal.getByText('This patient is not registered at Riverside Medical Centre (synthetic) (A81001). You can only see records of patients registered at your practice.').waitFor();
    await expect(page.getByRole('button', { name: CONFIRM }).count()).resolves.toBe(0);
    await expect(page.getByRole('table').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^Download/ }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'patient-refused.png'), fullPage: true });

    // Asked directly, main refuses to list this patient's documents too.
    const asked = await page.evaluate(() => window.documentStore.documents.search({ requestId: crypto.randomUUID(), nhsNumber: '9990000034' }));
    expect(asked).toEqual({ ok: false, error: expect.objectContaining({ code: 'not-permitted', message: expect.stringContaining('not registered at Riverside') }) });

    await page.getByRole('button', { name: 'Search again' }).click();
    await page.getByRole('heading', { level: 1, name: SEARCH_HEADING }).waitFor();
  });

  it('shows a GP clinician the list of documents with no way to download', async () => {
    await confirmationFor('Priya Shah', '9990000018');
    await page.getByRole('button', { name: CONFIRM }).click();
    const table = page.getByRole('table', { name: 'List of documents available' });
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBe(13);
    await page.getByText('Your role can view this list but cannot download documents.').first().waitFor();
    await expect(page.getByRole('button', { name: /^Download/ }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'results-no-download.png'), fullPage: true });

    // main decides, not the page: asked directly, it refuses with the reason and saves nothing.
    const before = await readdir(downloads);
    const asked = await page.evaluate(() => window.documentStore.download.start({ requestId: crypto.randomUUID(), nhsNumber: '9990000018' }));
    expect(asked).toEqual({ ok: false, error: expect.objectContaining({ code: 'not-permitted', message: expect.stringContaining('not download them') }) });
    expect(await readdir(downloads)).toEqual(before);
  });

  it('goes the whole way: sign in, confirm, documents, a saved ZIP, then sign out to a page with nothing of the patient', async () => {
    await showSignInPage(page);
    await page.getByRole('heading', { level: 1, name: SIGN_IN_HEADING }).waitFor();
    await confirmationFor('Alex Morgan', '9990000026');
    await page.getByRole('button', { name: CONFIRM }).click();
    await page.getByRole('table', { name: 'List of documents available' }).waitFor();
    await page.getByRole('button', { name: 'Download all documents' }).click();
    await page.getByRole('heading', { name: 'Saved and verified' }).waitFor({ timeout: 60_000 });
    await access(join(downloads, 'patient-record-9990000026.zip'));

    await accountNavigation(page).getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: SIGN_IN_HEADING }).waitFor();
    await page.getByText('You have signed out.').waitFor();
    await expect(accountNavigation(page).count()).resolves.toBe(0);
    const shown = (await page.locator('body').textContent()) ?? '';
    for (const patientData of [/999\s?000\s?0026/, /O'Connell-Ward/i, /Oliver/, /patient-record-/, /Canal Street/]) {
      expect(shown).not.toMatch(patientData);
    }
    await expect(page.getByRole('table').count()).resolves.toBe(0);
    await expectNoAxeViolations(page);

    // Signing in again starts with an empty form, not the last patient.
    await signIn(page, 'Alex Morgan');
    await page.getByRole('heading', { level: 1, name: SEARCH_HEADING }).waitFor();
    await expect(page.getByLabel('NHS number').inputValue()).resolves.toBe('');
    expect(consoleProblems).toEqual([]);
  });
});
