import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { AppInfo } from '../../../../common/contract.js';
import { App } from '../../../../renderer/src/app/app.js';
import { APP_INFO, type FakeDocumentStore, failure, installFakeDocumentStore, ok, pending } from '../support/fake-document-store.js';
import { NHS_NUMBER, searchBundle } from '../support/fixtures.js';

function renderApp(prepare: (store: FakeDocumentStore) => void = () => undefined) {
  const store = installFakeDocumentStore();
  prepare(store);
  render(<App />);
  return { store, user: userEvent.setup() };
}

function environment(): HTMLElement {
  return screen.getByRole('region', { name: 'Environment' });
}

describe('the environment strip', () => {
  it('says where and as whom the app works, once main has said', async () => {
    const info = pending<AppInfo>();
    renderApp((store) => store.api.app.info.mockReturnValue(info.promise));
    expect(within(environment()).getByText('Checking the environment…')).toBeDefined();

    await info.resolve(ok(APP_INFO));
    expect(within(environment()).getByText('prod')).toBeDefined();
    expect(within(environment()).getByText('eu-west-2')).toBeDefined();
    // Who is signed in is a person, in the header: an AWS identity is never on screen.
    expect(within(environment()).queryByText('Signed in as')).toBeNull();
    expect(document.body.textContent).not.toContain(APP_INFO.principal);
    expect(document.body.textContent).not.toContain('arn:aws');
    expect(within(environment()).queryByText('SANDBOX — synthetic data')).toBeNull();
    expect(within(environment()).queryByText('Managed by your organisation')).toBeNull();
  });

  it('says plainly that sandbox data is synthetic, and that a policy manages the settings', async () => {
    renderApp((store) => store.api.app.info.mockResolvedValue(ok({ ...APP_INFO, environment: 'sandbox', sandbox: true, managed: true })));
    expect(await within(environment()).findByText('SANDBOX — synthetic data')).toBeDefined();
    expect(within(environment()).getByText('Managed by your organisation')).toBeDefined();
  });

  it('says a training copy is one, so nobody takes its synthetic records for real ones', async () => {
    renderApp((store) => store.api.app.info.mockResolvedValue(ok({ ...APP_INFO, environment: 'sandbox', sandbox: true, training: true })));
    expect(await within(environment()).findByText('TRAINING — synthetic data')).toBeDefined();
    expect(within(environment()).queryByText('SANDBOX — synthetic data')).toBeNull();
  });

  it("shows main's message when it cannot say", async () => {
    renderApp((store) => store.api.app.info.mockResolvedValue(failure('no-credentials', 'No AWS credentials were found on this computer.')));
    expect(await within(environment()).findByText('No AWS credentials were found on this computer.')).toBeDefined();
  });
});

describe('the sections', () => {
  it('starts on Search, moves to the Archive, and comes back to the search where it was', async () => {
    const { user } = renderApp((store) => store.api.documents.search.mockResolvedValue(ok(searchBundle([{ id: 'doc-1', title: 'Letter.pdf' }]))));
    const sections = screen.getByRole('navigation', { name: 'Sections' });
    expect(within(sections).getByRole('link', { name: 'Search' }).getAttribute('aria-current')).toBe('page');

    await user.type(await screen.findByRole('textbox', { name: 'NHS number' }), NHS_NUMBER);
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await user.click(await screen.findByRole('button', { name: 'Confirm this is the right patient' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Documents for NHS number 943 476 5919' })).toBeDefined();

    await user.click(within(sections).getByRole('link', { name: 'Archive' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Archive of saved ZIPs' })).toBeDefined();
    expect(within(sections).getByRole('link', { name: 'Archive' }).getAttribute('aria-current')).toBe('page');
    expect(within(sections).getByRole('link', { name: 'Search' }).getAttribute('aria-current')).toBeNull();

    await user.click(within(sections).getByRole('link', { name: 'Search' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Documents for NHS number 943 476 5919' })).toBeDefined();
  });
});

describe('"Copy diagnostics"', () => {
  function footer(): HTMLElement {
    return screen.getByRole('contentinfo');
  }

  it('says the diagnostics were copied by main', async () => {
    const { store, user } = renderApp();
    await user.click(within(footer()).getByRole('button', { name: 'Copy diagnostics' }));
    expect(await within(footer()).findByText('Diagnostics copied. Paste them into your message to the IT service desk.')).toBeDefined();
    expect(store.api.app.copyDiagnostics).toHaveBeenCalledOnce();
  });

  it('copies in the page when main could not', async () => {
    const { user } = renderApp((store) => store.api.app.copyDiagnostics.mockResolvedValue(ok({ text: 'Version 0.1.0', copied: false })));
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    await user.click(within(footer()).getByRole('button', { name: 'Copy diagnostics' }));
    expect(await within(footer()).findByText(/^Diagnostics copied\./u)).toBeDefined();
    expect(writeText).toHaveBeenCalledExactlyOnceWith('Version 0.1.0');
  });

  it('shows the text, open, for the user to copy when no clipboard can be reached', async () => {
    const { user } = renderApp((store) => store.api.app.copyDiagnostics.mockResolvedValue(ok({ text: 'Version 0.1.0', copied: false })));
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('Clipboard permission denied'));
    await user.click(within(footer()).getByRole('button', { name: 'Copy diagnostics' }));
    expect(await within(footer()).findByText(/^The diagnostics could not be copied automatically\./u)).toBeDefined();
    const text = within(footer()).getByLabelText('Diagnostics text');
    expect(text.textContent).toBe('Version 0.1.0');
    expect(text.closest('details')?.open).toBe(true);
  });

  it("shows main's message when the diagnostics could not be built", async () => {
    const { user } = renderApp((store) => store.api.app.copyDiagnostics.mockResolvedValue(failure('unexpected', 'The diagnostics could not be collected.')));
    await user.click(within(footer()).getByRole('button', { name: 'Copy diagnostics' }));
    expect(await within(footer()).findByText('The diagnostics could not be collected.')).toBeDefined();
  });
});
