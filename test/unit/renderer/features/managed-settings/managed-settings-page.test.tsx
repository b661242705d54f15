import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ManagedSettingsView } from '../../../../../common/managed-settings.js';
import { App } from '../../../../../renderer/src/app/app.js';
import { ManagedSettingsPage } from '../../../../../renderer/src/features/managed-settings/managed-settings-page.js';
import { failure, installFakeDocumentStore, ok, pending } from '../../support/fake-document-store.js';

const KEY = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\NHS England\\Document Store Desktop';

const VIEW: ManagedSettingsView = {
  managed: true,
  problem: null,
  settings: [
    { name: 'environment', value: 'prod', source: 'registry', location: KEY, whenNotSet: 'DOCSTORE_ENV, else "sandbox"', errors: [] },
    {
      name: 'region',
      value: 'eu-west-1',
      source: 'file',
      location: 'C:\\ProgramData\\Document Store Desktop\\policy.json',
      whenNotSet: 'AWS_REGION, else AWS_DEFAULT_REGION, else "eu-west-2"',
      errors: [`Windows registry ${KEY} (value London): region must be an AWS region such as "eu-west-2" (found "London")`],
    },
    // Main masks before sending: the page shows what it is given.
    { name: 'proxyUrl', value: 'http://svc-docstore:***@proxy.example.nhs.uk:8080', source: 'profile', location: '/Library/Managed Preferences/uk.nhs.documentstore.desktop.plist', whenNotSet: 'DOCSTORE_PROXY_URL, else none (direct)', errors: [] },
    { name: 'zipBucket', value: 'my-zip', source: 'environment', location: 'DOCSTORE_ZIP_BUCKET', whenNotSet: 'DOCSTORE_ZIP_BUCKET; required outside the built-in sandbox', errors: [] },
    { name: 'maxParallelTransfers', value: null, source: 'default', location: null, whenNotSet: 'DOCSTORE_MAX_PARALLEL_TRANSFERS, else 4', errors: [] },
  ],
};

function rowOf(name: string): HTMLElement {
  const header = screen.getByRole('rowheader', { name });
  const row = header.closest('tr');
  if (row === null) {
    throw new Error(`no row for ${name}`);
  }
  return row;
}

describe('the managed settings page', () => {
  it('lists each setting with its value, its source in words and where it came from', async () => {
    const { api } = installFakeDocumentStore();
    api.app.managedSettings.mockResolvedValue(ok(VIEW));
    render(<ManagedSettingsPage api={api} onBack={() => undefined} />);
    expect(await screen.findByRole('table')).toBeDefined();
    expect(screen.getAllByRole('columnheader').map((header) => header.textContent)).toEqual(['Setting', 'Value', 'Source', 'Problem']);
    expect(within(rowOf('environment')).getByText('prod')).toBeDefined();
    expect(rowOf('environment').textContent).toContain(`Windows registry (Group Policy) ${KEY}`);
    expect(rowOf('proxyUrl').textContent).toContain('Configuration profile');
    expect(rowOf('zipBucket').textContent).toContain('Environment variable DOCSTORE_ZIP_BUCKET');
    expect(rowOf('maxParallelTransfers').textContent).toContain('Not set (without it: DOCSTORE_MAX_PARALLEL_TRANSFERS, else 4)');
    expect(rowOf('maxParallelTransfers').textContent).toContain('Default');
    expect(screen.getByText('Your organisation manages some of these settings. 1 setting has a value that is ignored: see "Problem".')).toBeDefined();
  });

  it('shows the error for a setting in its row, beside the value that applies instead', async () => {
    const { api } = installFakeDocumentStore();
    api.app.managedSettings.mockResolvedValue(ok(VIEW));
    render(<ManagedSettingsPage api={api} onBack={() => undefined} />);
    const region = await screen.findByRole('rowheader', { name: 'region' });
    const row = region.closest('tr') as HTMLElement;
    expect(within(row).getByText('eu-west-1')).toBeDefined();
    expect(row.textContent).toContain('Policy file');
    expect(row.querySelector('.nhsuk-error-message')?.textContent).toBe(
      `Error: Ignored: Windows registry ${KEY} (value London): region must be an AWS region such as "eu-west-2" (found "London")`,
    );
  });

  it('shows a password only as main masked it', async () => {
    const { api } = installFakeDocumentStore();
    api.app.managedSettings.mockResolvedValue(ok(VIEW));
    render(<ManagedSettingsPage api={api} onBack={() => undefined} />);
    expect(await screen.findByText('http://svc-docstore:***@proxy.example.nhs.uk:8080')).toBeDefined();
  });

  it('says when the policy cannot be used, and when main could not answer', async () => {
    const { api } = installFakeDocumentStore();
    api.app.managedSettings.mockResolvedValue(ok({ ...VIEW, managed: false, problem: 'The policy file "C:\\ProgramData\\Document Store Desktop\\policy.json" is empty.' }));
    const { unmount } = render(<ManagedSettingsPage api={api} onBack={() => undefined} />);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('The policy cannot be used')).toBeDefined();
    expect(screen.getByText(/^Your organisation does not manage any of these settings\./)).toBeDefined();
    unmount();
    api.app.managedSettings.mockResolvedValue(failure('unexpected', 'Something went wrong that the app did not expect.'));
    render(<ManagedSettingsPage api={api} onBack={() => undefined} />);
    expect(await screen.findByText('Something went wrong that the app did not expect.')).toBeDefined();
  });

  it('says it is reading until main answers, then moves focus to its heading', async () => {
    const { api } = installFakeDocumentStore();
    const answer = pending<ManagedSettingsView>();
    api.app.managedSettings.mockReturnValue(answer.promise);
    render(<ManagedSettingsPage api={api} onBack={() => undefined} />);
    expect(screen.getByText('Reading the settings…')).toBeDefined();
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Managed settings' }));
    await answer.resolve(ok(VIEW));
    expect(screen.queryByText('Reading the settings…')).toBeNull();
  });
});

describe('reaching the managed settings page', () => {
  it('opens from the footer and goes back to where the person was', async () => {
    const { api } = installFakeDocumentStore();
    api.app.managedSettings.mockResolvedValue(ok(VIEW));
    const user = userEvent.setup();
    render(<App />);
    const footer = screen.getByRole('contentinfo');
    await user.click(within(footer).getByRole('button', { name: 'Managed settings' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Managed settings' })).toBeDefined();
    expect(await screen.findByRole('rowheader', { name: 'environment' })).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.queryByRole('heading', { level: 1, name: 'Managed settings' })).toBeNull();
  });

  it('gives way to a section chosen in the header', async () => {
    const { api } = installFakeDocumentStore();
    api.app.managedSettings.mockResolvedValue(ok(VIEW));
    const user = userEvent.setup();
    render(<App />);
    await user.click(within(screen.getByRole('contentinfo')).getByRole('button', { name: 'Managed settings' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Managed settings' })).toBeDefined();
    await user.click(within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('link', { name: 'Archive' }));
    expect(screen.queryByRole('heading', { level: 1, name: 'Managed settings' })).toBeNull();
  });
});
