/**
 * Signing in to the web preview through the sandbox's OpenID provider, as a person would: "Sign in with NHS Care
 * Identity", the address from the "Continue signing in in your browser" page opened in a new tab of the same browser,
 * a synthetic person chosen on the provider's page, then (for someone with two roles) the role. The session lives in
 * the preview host, so one host has one person signed in whichever tab asks.
 */
import type { Page } from 'playwright-core';

/** The sandbox's synthetic people (main/sandbox/identity/sandbox-people.ts) by what the tests use them for. */
export const SANDBOX_PEOPLE = {
  riversideAdmin: { id: '555000000001', name: 'Alex Morgan' },
  riversideClinician: { id: '555000000002', name: 'Priya Shah' },
  hillviewAdmin: { id: '555000000003', name: 'Sam Taylor' },
  pcse: { id: '555000000005', name: 'Jordan Lee' },
  twoRoles: { id: '555000000006', name: 'Casey Jones' },
  unrecognisedRole: { id: '555000000007', name: 'Riley Smith' },
} as const;

export type SandboxPersonName = (typeof SANDBOX_PEOPLE)[keyof typeof SANDBOX_PEOPLE]['name'];

export const SIGN_IN_HEADING = 'Sign in to Document Store Desktop';
export const SIGN_IN_BUTTON = 'Sign in with NHS Care Identity';
export const SIGNING_IN_HEADING = 'Continue signing in in your browser';
export const SEARCH_HEADING = "Search for a patient's documents";

/** The account part of the header: who is signed in, their role and organisation, and "Sign out". */
export function accountNavigation(page: Page) {
  return page.getByRole('navigation', { name: 'Account' });
}

/**
 * Brings the page to the sign-in page from wherever the host's one session is: someone else signed in (or anyone, when
 * `keep` is omitted) is signed out, a sign-in left open is cancelled, and a role left unchosen is chosen, then signed
 * out. Says when `keep` is already signed in.
 */
export async function showSignInPage(page: Page, keep?: SandboxPersonName): Promise<'signed-out' | 'already-signed-in'> {
  const signInButton = page.getByRole('button', { name: SIGN_IN_BUTTON });
  const signOut = accountNavigation(page).getByRole('button', { name: 'Sign out' });
  const signingIn = page.getByRole('heading', { level: 1, name: SIGNING_IN_HEADING });
  const chooseRole = page.getByRole('heading', { level: 1, name: 'Choose your role' });
  await signInButton.or(signOut).or(signingIn).or(chooseRole).first().waitFor();
  if (await signingIn.isVisible()) {
    await page.getByRole('button', { name: 'Cancel' }).click();
  } else if (await chooseRole.isVisible()) {
    await page.getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await signOut.waitFor();
  }
  await signInButton.or(signOut).first().waitFor();
  if (await signOut.isVisible()) {
    const signedInAs = (await accountNavigation(page).textContent()) ?? '';
    if (keep !== undefined && signedInAs.includes(keep)) {
      return 'already-signed-in';
    }
    await signOut.click();
    await signInButton.waitFor();
  }
  return 'signed-out';
}

/** Clicks "Sign in with NHS Care Identity" and reads the provider's address from the page's text box. */
export async function startSignIn(page: Page): Promise<string> {
  await page.getByRole('button', { name: SIGN_IN_BUTTON }).click();
  await page.getByRole('heading', { level: 1, name: SIGNING_IN_HEADING }).waitFor();
  // The box appears once main has named the address.
  return page.getByRole('textbox', { name: /copy this address/ }).inputValue();
}

/** Opens the sign-in address in a new tab of the page's browser, as a person pasting it would; the tab is returned. */
export async function openProviderPage(page: Page, url: string): Promise<Page> {
  const provider = await page.context().newPage();
  await provider.goto(url);
  await provider.getByRole('heading', { level: 1, name: 'Sign in to the sandbox' }).waitFor();
  return provider;
}

/** Chooses the person on the provider's page and submits; the tab ends on the app's loopback "you can close" page. */
export async function chooseOnProviderPage(provider: Page, name: SandboxPersonName): Promise<void> {
  await provider.getByRole('radio', { name: new RegExp(`^${name}:`) }).check();
  await provider.getByRole('button', { name: 'Sign in', exact: true }).click();
  await provider.waitForLoadState();
}

export interface SignInOptions {
  /** For someone with more than one role: the role's name as the "Choose your role" page shows it. */
  readonly role?: string | RegExp;
}

/**
 * Signs the preview in as the sandbox person and waits until the app's header shows them. Someone else signed in is
 * signed out first; the same person already signed in is kept.
 */
export async function signIn(page: Page, name: SandboxPersonName, options: SignInOptions = {}): Promise<void> {
  if ((await showSignInPage(page, name)) === 'already-signed-in') {
    return;
  }
  const url = await startSignIn(page);
  const provider = await openProviderPage(page, url);
  await chooseOnProviderPage(provider, name);
  await provider.close();
  if (options.role !== undefined) {
    await page.getByRole('heading', { level: 1, name: 'Choose your role' }).waitFor();
    await page.getByRole('radio', { name: options.role }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await accountNavigation(page).getByText(name).waitFor();
}

/** Types the NHS number and searches: the app looks the patient up and shows "Check the patient's details". */
export async function lookUpPatient(page: Page, nhsNumber: string): Promise<void> {
  await page.getByLabel('NHS number').fill(nhsNumber);
  await page.getByRole('button', { name: 'Search' }).click();
}

/** Looks the patient up, confirms them, and waits for their documents (or the words saying there are none). */
export async function searchConfirmed(page: Page, nhsNumber: string): Promise<void> {
  await lookUpPatient(page, nhsNumber);
  await page.getByRole('heading', { level: 1, name: "Check the patient's details" }).waitFor();
  await page.getByRole('button', { name: 'Confirm this is the right patient' }).click();
}
