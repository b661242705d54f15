import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/axe.js';
import { HAVE_CHROMIUM } from './support/browser.js';
import { SCREENSHOTS, usePreviewSuite } from './support/preview-suite.js';
import {
  accountNavigation,
  chooseOnProviderPage,
  openProviderPage,
  SEARCH_HEADING,
  SIGN_IN_BUTTON,
  SIGN_IN_HEADING,
  SIGNING_IN_HEADING,
  signIn,
  startSignIn,
} from './support/sign-in.js';


if (!HAVE_CHROMIUM) {
  // Loud on purpose: a silent skip would read as a pass.
  process.stderr.write('Browser tests SKIPPED: no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH).\n');
}

// The sign-in pages of the web preview and the sandbox provider's own page, each checked with axe.
describe.skipIf(!HAVE_CHROMIUM)('signing in (web preview with the sandbox provider)', () => {
  let page: Page;
  const consoleProblems: string[] = [];
  usePreviewSuite({
    name: 'sign-in',
    consoleProblems,
    onPage: (opened) => (page = opened),
  });

  it('asks to sign in before searching, with no one in the header and no search form', async () => {
    await page.getByRole('heading', { level: 1, name: SIGN_IN_HEADING }).waitFor();
    await expect(page.title()).resolves.toBe(`${SIGN_IN_HEADING} – Document Store Desktop`);
    await expect(accountNavigation(page).count()).resolves.toBe(0);
    await expect(page.getByLabel('NHS number').count()).resolves.toBe(0);
    await expect(page.getByText('in the Archive without signing in').isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in.png'), fullPage: true });
  });

  it('shows the sign-in address to copy and to open, then the sandbox provider page with its synthetic people', async () => {
    const url = await startSignIn(page);
    const provider = new URL(url);
    expect(provider.hostname).toBe('127.0.0.1');
    expect(provider.searchParams.get('code_challenge_method')).toBe('S256');
    expect(provider.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    for (const parameter of ['state', 'nonce', 'code_challenge', 'client_id']) {
      expect(provider.searchParams.get(parameter)).not.toBeNull();
    }
    const link = page.getByRole('link', { name: 'Open the sign-in page' });
    await expect(link.getAttribute('href')).resolves.toBe(url);
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await expect(page.title()).resolves.toBe(`${SIGNING_IN_HEADING} – Document Store Desktop`);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'signing-in.png'), fullPage: true });

    // The link opens the provider's page in a tab of its own, as the address pasted into the browser would.
    const [opened] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await opened.getByRole('heading', { level: 1, name: 'Sign in to the sandbox' }).waitFor();
    expect(new URL(opened.url()).origin).toBe(provider.origin);
    const people = opened.getByRole('group', { name: 'Synthetic people' });
    expect(await people.getByRole('radio').count()).toBeGreaterThanOrEqual(6);
    await expect(people.getByRole('radio', { name: /^Casey Jones:/ }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(opened);
    await opened.screenshot({ path: join(SCREENSHOTS, 'sandbox-sign-in.png'), fullPage: true });

    // "Sign in" with nobody chosen is stopped by the page (the radios are required): nobody is signed in.
    await opened.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(opened.getByRole('heading', { level: 1, name: 'Sign in to the sandbox' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { level: 1, name: SIGNING_IN_HEADING }).isVisible()).resolves.toBe(true);
    await opened.close();
    expect(consoleProblems).toEqual([]);
  });

  it('returns to the sign-in page when the person cancels at the provider', async () => {
    const provider = await openProviderPage(page, await startSignIn(page));
    await provider.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: SIGN_IN_BUTTON }).waitFor();
    await expect(accountNavigation(page).count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
    await provider.close();
  });

  it('returns to the sign-in page when Cancel is chosen in the app while the provider page is open', async () => {
    const url = await startSignIn(page);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { level: 1, name: SIGN_IN_HEADING }).waitFor();
    // The abandoned sign-in cannot be finished afterwards: the provider still offers its page, but the app's loopback
    // address has closed, so choosing someone there signs nobody in.
    const provider = await openProviderPage(page, url);
    await provider.getByRole('radio', { name: /^Alex Morgan:/ }).check();
    const finished = await Promise.all([provider.waitForEvent('requestfailed', (request) => request.url().includes('/callback')), provider.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    expect(finished[0].failure()).not.toBeNull();
    await expect(page.evaluate(() => window.documentStore.session.get())).resolves.toEqual({ ok: true, value: expect.objectContaining({ state: 'signed-out' }) });
    await expect(accountNavigation(page).count()).resolves.toBe(0);
    await provider.close();
  });

  it('signs in a person with one role straight to the search form, with name, role and practice in the header', async () => {
    await signIn(page, 'Alex Morgan');
    await page.getByRole('heading', { level: 1, name: SEARCH_HEADING }).waitFor();
    const account = accountNavigation(page);
    await expect(account.textContent()).resolves.toContain('GP practice administrator, Riverside Medical Centre (synthetic) (A81001)');
    await expect(account.textContent()).resolves.not.toMatch(/arn:aws/);
    await expectNoAxeViolations(page);
  });

  it('asks a person with two roles to choose one, says so when none is chosen, and shows the chosen role', async () => {
    const provider = await openProviderPage(page, await startSignIn(page));
    await chooseOnProviderPage(provider, 'Casey Jones');
    await provider.close();
    await page.getByRole('heading', { level: 1, name: 'Choose your role' }).waitFor();
    await expect(page.title()).resolves.toBe('Choose your role – Document Store Desktop');
    const roles = page.getByRole('group', { name: 'Choose your role' });
    await expect(roles.getByRole('radio').count()).resolves.toBe(2);
    await page.getByText('Hillview Surgery (synthetic) (B82002)').waitFor();
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'choose-role.png'), fullPage: true });

    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('link', { name: 'Select the role you are working in' }).waitFor();
    await expect(page.title()).resolves.toBe('Error: Choose your role – Document Store Desktop');
    await expectNoAxeViolations(page);

    await roles.getByRole('radio', { name: 'GP practice clinician' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: SEARCH_HEADING }).waitFor();
    await expect(accountNavigation(page).textContent()).resolves.toContain('Casey Jones');
    await expect(accountNavigation(page).textContent()).resolves.toContain('GP practice clinician, Hillview Surgery (synthetic) (B82002)');
    expect(consoleProblems).toEqual([]);
  });

  it('refuses a person whose only role the app does not recognise, saying why, with nobody signed in', async () => {
    const provider = await openProviderPage(page, await startSignIn(page));
    await chooseOnProviderPage(provider, 'Riley Smith');
    await provider.close();
    await page.getByText(/has no role this app can be used with/).first().waitFor();
    await page.getByRole('heading', { level: 1, name: SIGN_IN_HEADING }).waitFor();
    await expect(page.title()).resolves.toBe(`Error: ${SIGN_IN_HEADING} – Document Store Desktop`);
    await expect(accountNavigation(page).count()).resolves.toBe(0);
    await expect(page.getByLabel('NHS number').count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
  });

  it('signs out to the sign-in page, saying so', async () => {
    await signIn(page, 'Jordan Lee');
    await accountNavigation(page).getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: SIGN_IN_HEADING }).waitFor();
    await page.getByText('You have signed out.').waitFor();
    await expect(accountNavigation(page).count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
  });

  it('opens the archive of saved ZIPs without signing in', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Archive' }).click();
    await page.getByRole('heading', { level: 1, name: 'Archive of saved ZIPs' }).waitFor();
    await page.getByText(/^The archive is empty/).waitFor();
    await expect(page.getByRole('button', { name: 'Add a ZIP…' }).isEnabled()).resolves.toBe(true);
    await expect(accountNavigation(page).count()).resolves.toBe(0);
    await expectNoAxeViolations(page);

    // Back in Search, the sign-in page is still there.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Search' }).click();
    await page.getByRole('button', { name: SIGN_IN_BUTTON }).waitFor();
    expect(consoleProblems).toEqual([]);
  });
});
