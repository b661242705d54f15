import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DownloadSummary } from '../../../../common/download.js';
import type { SessionView } from '../../../../common/identity.js';
import { App } from '../../../../renderer/src/app/app.js';
import { type FakeDocumentStore, failure, installFakeDocumentStore, ok, pending } from '../support/fake-document-store.js';
import { GP_ADMIN_ROLE, GP_CLINICAL_ROLE, NHS_NUMBER, PERSON, SIGNED_IN, searchBundle } from '../support/fixtures.js';

const NEVER_SIGNED_IN: SessionView = { state: 'signed-out', reason: 'never' };
const SIGN_IN_URL = 'http://127.0.0.1:53682/authorize?client_id=document-store-desktop';

function renderApp(prepare: (store: FakeDocumentStore) => void = () => undefined) {
  const store = installFakeDocumentStore();
  prepare(store);
  render(<App />);
  return { store, user: userEvent.setup() };
}

function account(): HTMLElement | null {
  return screen.queryByRole('navigation', { name: 'Account' });
}

/** Signed in, on the results for the confirmed patient, with a download main answers when the test says. */
async function onResults() {
  const { store, user } = renderApp((fake) => fake.api.documents.search.mockResolvedValue(ok(searchBundle([{ id: 'doc-1', title: 'Letter.pdf' }]))));
  await user.type(await screen.findByRole('textbox', { name: 'NHS number' }), NHS_NUMBER);
  await user.click(screen.getByRole('button', { name: 'Search' }));
  await user.click(await screen.findByRole('button', { name: 'Confirm this is the right patient' }));
  await screen.findByRole('heading', { level: 1, name: 'Documents for NHS number 943 476 5919' });
  const download = pending<DownloadSummary>();
  store.api.download.start.mockReturnValue(download.promise);
  return { store, user, download };
}

describe('signing in', () => {
  it('shows the sign-in page, not the search, to someone not signed in; the archive stays open', async () => {
    const { store, user } = renderApp((fake) => fake.api.session.get.mockResolvedValue(ok(NEVER_SIGNED_IN)));
    expect(within(screen.getByRole('main')).getByRole('status').textContent).toBe('Checking whether you are signed in…');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Document Store Desktop' })).toBe(document.activeElement);
    expect(screen.queryByRole('textbox', { name: 'NHS number' })).toBeNull();
    expect(account()).toBeNull();
    expect(store.api.session.onChanged).toHaveBeenCalledOnce();

    await user.click(within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('link', { name: 'Archive' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Archive of saved ZIPs' })).toBeDefined();
  });

  it('follows the browser sign-in: the address to copy, Cancel, and back to the page quietly', async () => {
    const signIn = pending<SessionView>();
    const { store, user } = renderApp((fake) => {
      fake.api.session.get.mockResolvedValue(ok(NEVER_SIGNED_IN));
      fake.api.session.signIn.mockReturnValue(signIn.promise);
    });
    await user.click(await screen.findByRole('button', { name: 'Sign in with NHS Care Identity' }));
    expect(store.api.session.signIn).toHaveBeenCalledOnce();

    store.emitSessionChanged({ state: 'signing-in', url: SIGN_IN_URL });
    expect(screen.getByRole('heading', { level: 1, name: 'Continue signing in in your browser' })).toBe(document.activeElement);
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'If your browser did not open, copy this address into it' }).value).toBe(SIGN_IN_URL);

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(store.api.session.cancelSignIn).toHaveBeenCalledOnce();
    await signIn.resolve(failure('sign-in-cancelled', 'Sign-in cancelled.'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Document Store Desktop' })).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it.each([
    ['sign-in-failed', 'The sign-in could not be completed. Try again.'],
    ['sign-in-not-configured', 'Sign-in has not been set up on this computer. Contact your IT service desk.'],
    ['no-recognised-role', 'None of your NHS Care Identity roles can use this app.'],
  ] as const)("shows a failed sign-in (%s) in main's words", async (code, message) => {
    const { user } = renderApp((fake) => {
      fake.api.session.get.mockResolvedValue(ok(NEVER_SIGNED_IN));
      fake.api.session.signIn.mockResolvedValue(failure(code, message));
    });
    await user.click(await screen.findByRole('button', { name: 'Sign in with NHS Care Identity' }));
    expect((await screen.findByRole('alert')).textContent).toContain(message);
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in to Document Store Desktop' })).toBeDefined();
  });

  it('asks a person with several roles to choose one, then shows who is signed in', async () => {
    const { store, user } = renderApp((fake) => {
      fake.api.session.get.mockResolvedValue(ok(NEVER_SIGNED_IN));
      fake.api.session.signIn.mockResolvedValue(ok({ state: 'choose-role', name: PERSON.name, roles: [GP_ADMIN_ROLE, GP_CLINICAL_ROLE] }));
    });
    await user.click(await screen.findByRole('button', { name: 'Sign in with NHS Care Identity' }));
    await user.click(await screen.findByRole('radio', { name: 'GP practice administrator' }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(store.api.session.chooseRole).toHaveBeenCalledExactlyOnceWith(GP_ADMIN_ROLE.personRoleId);

    expect(await screen.findByRole('heading', { level: 1, name: "Search for a patient's documents" })).toBeDefined();
    const header = account();
    expect(header?.textContent).toContain('Signed in as Alex Morgan');
    expect(header?.textContent).toContain('GP practice administrator, Riverside Surgery (A12345)');
    expect(within(header as HTMLElement).getByRole('button', { name: 'Sign out' })).toBeDefined();
  });

  it("says what went wrong when main cannot say who is signed in, and asks again", async () => {
    const { store, user } = renderApp((fake) => fake.api.session.get.mockResolvedValueOnce(failure('unexpected', 'The sign-in could not be checked.')));
    expect((await screen.findByRole('alert')).textContent).toContain('The sign-in could not be checked.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: "Search for a patient's documents" })).toBeDefined();
    expect(store.api.session.get).toHaveBeenCalledTimes(2);
  });

  it('keeps a change main pushed over an older read that answered later', async () => {
    const read = pending<SessionView>();
    const { store } = renderApp((fake) => fake.api.session.get.mockReturnValue(read.promise));
    store.emitSessionChanged({ state: 'signed-out', reason: 'idle' });
    await read.resolve(ok(SIGNED_IN));
    expect(screen.getByText('You were signed out because the app was not used for a while. Sign in again to continue.')).toBeDefined();
  });
});

describe('signing out', () => {
  it('forgets the patient on Sign out and starts the next sign-in from an empty form', async () => {
    const { store, user } = await onResults();
    expect(document.body.textContent).toContain('Jane SMITH');
    await user.click(within(account() as HTMLElement).getByRole('button', { name: 'Sign out' }));
    expect(store.api.session.signOut).toHaveBeenCalledOnce();
    expect(await screen.findByText('You have signed out.')).toBeDefined();
    expect(document.body.textContent).not.toContain('Jane SMITH');
    expect(document.body.textContent).not.toContain('943 476 5919');
    expect(account()).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Sign in with NHS Care Identity' }));
    expect(await screen.findByRole('heading', { level: 1, name: "Search for a patient's documents" })).toBeDefined();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'NHS number' }).value).toBe('');
  });

  it('forgets the patient, even mid-download, when main signs the person out for being idle', async () => {
    const { store, user } = await onResults();
    await user.click(screen.getByRole('button', { name: 'Download all documents' }));
    store.emitSessionChanged({ state: 'signed-out', reason: 'idle' });
    expect(screen.getByText('You were signed out because the app was not used for a while. Sign in again to continue.')).toBeDefined();
    expect(document.body.textContent).not.toContain('Jane SMITH');

    store.emitSessionChanged(SIGNED_IN);
    expect(screen.getByRole('heading', { level: 1, name: "Search for a patient's documents" })).toBeDefined();
  });
});

describe('signing in again', () => {
  it('keeps the app and the download on screen under the callout, and carries on after the sign-in', async () => {
    const { store, user } = await onResults();
    await user.click(screen.getByRole('button', { name: 'Download all documents' }));
    const requestId = store.api.download.start.mock.lastCall?.[0].requestId ?? '';

    store.emitSessionChanged({ state: 'sign-in-again', person: PERSON });
    const callout = screen.getByRole('region', { name: 'Important: Sign in again to continue' });
    expect(within(callout).getByText('Your session has ended. Sign in again to continue — the download will carry on where it stopped.')).toBeDefined();
    expect(screen.getByRole('heading', { level: 1, name: 'Documents for NHS number 943 476 5919' })).toBeDefined();
    expect(screen.getByRole('heading', { level: 3, name: 'Downloading documents' })).toBeDefined();

    const signIn = pending<SessionView>();
    store.api.session.signIn.mockReturnValue(signIn.promise);
    await user.click(within(callout).getByRole('button', { name: 'Sign in again' }));
    store.emitSessionChanged({ state: 'signing-in', url: SIGN_IN_URL });
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'If your browser did not open, copy this address into it' }).value).toBe(SIGN_IN_URL);
    expect(screen.getByRole('heading', { level: 3, name: 'Downloading documents' })).toBeDefined();

    await signIn.resolve(ok(SIGNED_IN));
    expect(screen.queryByRole('region', { name: 'Important: Sign in again to continue' })).toBeNull();
    store.emitDownloadProgress({ requestId, progress: { phase: 'saving', documentsDone: 1, documentsFailed: 0, documentsTotal: 1, bytesDone: 524_288, bytesTotal: 1_048_576 } });
    expect(screen.getByText('Step 3 of 4: Saving to your folder')).toBeDefined();
  });

  it('forgets the patient when someone else signs in', async () => {
    const { store } = await onResults();
    store.emitSessionChanged({ state: 'sign-in-again', person: PERSON });
    store.emitSessionChanged({ state: 'signed-in', mayDownload: true, person: { ...PERSON, id: 'person-2', name: 'Sam Patel' } });
    expect(screen.getByRole('heading', { level: 1, name: "Search for a patient's documents" })).toBeDefined();
    expect(document.body.textContent).not.toContain('Jane SMITH');
  });
});

describe('activity', () => {
  it('tells main the signed-in person is using the window, not on every key', async () => {
    const { store, user } = renderApp();
    const field = await screen.findByRole('textbox', { name: 'NHS number' });
    await user.type(field, '943');
    await user.click(field);
    expect(store.api.session.reportActivity).toHaveBeenCalledOnce();
  });

  it('reports nothing while no one is signed in', async () => {
    const { store, user } = renderApp((fake) => fake.api.session.get.mockResolvedValue(ok(NEVER_SIGNED_IN)));
    await screen.findByRole('heading', { level: 1, name: 'Sign in to Document Store Desktop' });
    await user.keyboard('{Tab}');
    expect(store.api.session.reportActivity).not.toHaveBeenCalled();
  });
});
