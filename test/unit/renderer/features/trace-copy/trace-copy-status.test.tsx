/**
 * The copy to the document store as the person sees it: a calm line in the saved outcome that follows main's news
 * of this download's copy (with the place, checksum and problem only under "Technical details"), and the app-wide
 * line while any copy is on its way, on every view, from main's list and its changes.
 */
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { TraceCopyStatus } from '../../../../../common/download.js';
import { App } from '../../../../../renderer/src/app/app.js';
import { DownloadSaved } from '../../../../../renderer/src/features/download/download-saved.js';
import { TraceCopyIndicator } from '../../../../../renderer/src/features/trace-copy/trace-copy-indicator.js';
import { type FakeDocumentStore, failure, installFakeDocumentStore, ok, pending } from '../../support/fake-document-store.js';
import { downloadSummary, searchBundle } from '../../support/fixtures.js';

const LOCATION = 's3://sandbox-zip-store/2026/correlation-1.zip';

function copy(overrides: Partial<TraceCopyStatus> = {}): TraceCopyStatus {
  return { mode: 'background', state: 'uploading', correlationId: 'correlation-1', location: LOCATION, bytesUploaded: 0, bytesTotal: 2_000, ...overrides };
}

function renderSaved(atSave: TraceCopyStatus | undefined, prepare: (store: FakeDocumentStore) => void = () => undefined) {
  const store = installFakeDocumentStore();
  prepare(store);
  const view = render(<DownloadSaved summary={downloadSummary({ traceCopy: atSave })} onRetry={vi.fn()} />);
  return { store, view, user: userEvent.setup() };
}

/** The outcome's own status line about the copy (the banner around it is an alert). */
function copyLine(): HTMLElement {
  return within(screen.getByRole('alert')).getByRole('status');
}

function technicalDetails(): HTMLElement {
  return screen.getByText('Technical details').closest('details') as HTMLElement;
}

describe('the saved outcome: this download\'s copy to the document store', () => {
  it('shows the copy as it stood at "Saved", then follows main\'s news of it to the end', () => {
    const { store } = renderSaved(copy());
    expect(copyLine().textContent).toContain('Sending a copy to the document store: 0% sent');
    expect(copyLine().textContent).toContain('Your saved file is ready to use.');

    store.emitTraceCopyChanged(copy({ bytesUploaded: 900 }));
    expect(copyLine().textContent).toContain('Sending a copy to the document store: 45% sent');
    // Another download's copy is not this one's.
    store.emitTraceCopyChanged(copy({ correlationId: 'someone-else', state: 'failed', nextAttemptAt: new Date().toISOString() }));
    expect(copyLine().textContent).toContain('45% sent');

    store.emitTraceCopyChanged(copy({ state: 'complete', bytesUploaded: 2_000, checksum: 'CRC64NVME:q2z0Yw==', completedAt: '2026-11-27T21:46:00Z' }));
    expect(copyLine().textContent).toBe('A copy is kept in the document store' + 'It was checked and matches your saved file.');
    // The percentage changes many times a second: it is read with the line, never announced on its own.
    expect(copyLine().querySelector('[aria-live="off"]')).toBeNull();
  });

  it('keeps the share sent out of the announcements, in a part of the line that is not live', () => {
    renderSaved(copy({ bytesUploaded: 500 }));
    const percent = within(copyLine()).getByText(/25% sent/u);
    expect(percent.getAttribute('aria-live')).toBe('off');
  });

  it('takes up what main knows now when the outcome is shown again later', async () => {
    const answer = pending<ReadonlyArray<TraceCopyStatus>>();
    renderSaved(copy(), (store) => store.api.traceCopies.list.mockReturnValue(answer.promise));
    expect(copyLine().textContent).toContain('Sending a copy');
    await answer.resolve(ok([copy({ state: 'failed', attempts: 1, nextAttemptAt: new Date(Date.now() + 10 * 60_000).toISOString(), problem: 'NoSuchBucket: gone' })]));
    expect(copyLine().textContent).toMatch(/^The copy for the document store has not been sent yet.*the next try is at \d\d:\d\d.*Your saved file is not affected/u);
  });

  it('keeps news of the copy that came before a slower answer from main\'s list', async () => {
    const answer = pending<ReadonlyArray<TraceCopyStatus>>();
    const { store } = renderSaved(copy(), (fake) => fake.api.traceCopies.list.mockReturnValue(answer.promise));
    // In the web preview the changes and the list come by different connections: the list may be the older word.
    store.emitTraceCopyChanged(copy({ state: 'complete', bytesUploaded: 2_000, completedAt: '2026-11-27T21:46:00Z' }));
    await answer.resolve(ok([copy({ bytesUploaded: 1_940 })]));
    expect(copyLine().textContent).toContain('A copy is kept in the document store');
  });

  it('keeps the words of "Saved" when main cannot say more', async () => {
    const answer = pending<ReadonlyArray<TraceCopyStatus>>();
    renderSaved(copy({ bytesUploaded: 1_000 }), (store) => store.api.traceCopies.list.mockReturnValue(answer.promise));
    await answer.resolve(failure('unexpected', 'Something went wrong.'));
    expect(copyLine().textContent).toContain('50% sent');
  });

  it('says the saved file is fine, and the app keeps trying, while the copy fails', () => {
    renderSaved(copy({ state: 'failed', attempts: 2 }));
    expect(copyLine().textContent).toContain('The app will try again the next time it starts. Your saved file is not affected and is ready to use.');
    // Still "Saved and verified": the copy never changes the outcome of the save.
    expect(screen.getByRole('heading', { name: 'Saved and verified' })).toBeDefined();
  });

  it('puts the place, the checksum, the attempts and the problem under "Technical details" only', async () => {
    const { store, user } = renderSaved(copy());
    store.emitTraceCopyChanged(copy({ state: 'unverified', bytesUploaded: 2_000, attempts: 1, completedAt: '2026-11-27T21:46:00Z', problem: 'The document store returned no checksum for the copy.' }));
    expect(copyLine().textContent).not.toContain(LOCATION);
    expect(copyLine().textContent).not.toContain('returned no checksum');
    expect(copyLine().textContent).toContain('could not be checked');

    await user.click(screen.getByText('Technical details'));
    const details = within(technicalDetails());
    expect(details.getByText(LOCATION)).toBeDefined();
    expect(details.getByText('unverified (policy traceCopy "background")')).toBeDefined();
    expect(details.getByText('2,000 of 2,000')).toBeDefined();
    expect(details.getByText('The document store returned no checksum for the copy.')).toBeDefined();
    expect(details.getByText('Trace copy failed attempts').nextElementSibling?.textContent).toBe('1');
  });

  it('shows the copy\'s checksum under "Technical details" once it is kept', () => {
    renderSaved(copy({ state: 'complete', bytesUploaded: 2_000, checksum: 'CRC64NVME:q2z0Yw==' }));
    expect(within(technicalDetails()).getByText('CRC64NVME:q2z0Yw==')).toBeDefined();
  });

  it.each<[string, TraceCopyStatus | undefined]>([
    ["policy 'none', which keeps no copy", { mode: 'none', state: 'none', correlationId: 'correlation-1' }],
    ["the seed's order, whose copy was made before the save", undefined],
  ])('says nothing of a copy for %s', (_case, atSave) => {
    renderSaved(atSave);
    expect(within(screen.getByRole('alert')).queryByRole('status')).toBeNull();
    expect(screen.queryByText(/document store/u)).toBeNull();
    expect(screen.queryByText('Trace copy location')).toBeNull();
  });

  it('stops listening when the outcome goes', () => {
    const unsubscribe = vi.fn();
    const { view } = renderSaved(copy(), (store) => store.api.traceCopies.onChanged.mockReturnValue(unsubscribe));
    expect(unsubscribe).not.toHaveBeenCalled();
    view.unmount();
    expect(unsubscribe).toHaveBeenCalledOnce();
  });
});

describe('the app-wide line while copies are on their way', () => {
  function indicator(): HTMLElement {
    const line = screen.getAllByRole('status').find((region) => region.classList.contains('app-trace-copy-indicator'));
    if (line === undefined) {
      throw new Error('no indicator');
    }
    return line;
  }

  it('is empty, but in the page, while nothing is on its way', async () => {
    installFakeDocumentStore();
    render(<TraceCopyIndicator api={window.documentStore} />);
    await screen.findByRole('status');
    expect(indicator().textContent).toBe('');
  });

  it('says how many copies are being sent, from main\'s list, and clears when they are kept', async () => {
    const store = installFakeDocumentStore();
    store.api.traceCopies.list.mockResolvedValue(ok([copy(), copy({ correlationId: 'correlation-2', state: 'complete' })]));
    render(<TraceCopyIndicator api={store.api} />);
    expect(await screen.findByText('Sending 1 copy to the document store.')).toBeDefined();

    store.emitTraceCopyChanged(copy({ correlationId: 'correlation-3' }));
    expect(indicator().textContent).toBe('Sending 2 copies to the document store.');
    // Progress alone changes nothing here: the line is announced only when what it says changes.
    store.emitTraceCopyChanged(copy({ bytesUploaded: 1_500 }));
    expect(indicator().textContent).toBe('Sending 2 copies to the document store.');

    store.emitTraceCopyChanged(copy({ state: 'complete' }));
    store.emitTraceCopyChanged(copy({ correlationId: 'correlation-3', state: 'unverified' }));
    expect(indicator().textContent).toBe('');
  });

  it('says a failed copy is not sent yet and the app keeps trying, until it is given up', () => {
    const store = installFakeDocumentStore();
    render(<TraceCopyIndicator api={store.api} />);
    store.emitTraceCopyChanged(copy({ state: 'failed', attempts: 1, nextAttemptAt: new Date().toISOString() }));
    expect(indicator().textContent).toBe('1 copy for the document store is not sent yet: the app keeps trying. Your saved file is fine.');
    store.emitTraceCopyChanged(copy({ state: 'failed', attempts: 2, givenUp: true }));
    expect(indicator().textContent).toBe('');
  });

  it('is on every view of the app: still there after the person goes to the archive', async () => {
    const store = installFakeDocumentStore();
    render(<App />);
    const user = userEvent.setup();
    store.emitTraceCopyChanged(copy());
    await user.click(screen.getByRole('link', { name: 'Archive' }));
    expect(indicator().textContent).toBe('Sending 1 copy to the document store.');
    // Outside the main content, so it is not read as part of what the person is working on.
    expect(within(screen.getByRole('main')).queryByText('Sending 1 copy to the document store.')).toBeNull();
  });
});

describe('one following of main\'s copies for the whole window', () => {
  /** The App on the saved outcome of a download whose copy is on its way, counting the subscriptions left open. */
  async function savedInApp() {
    const store = installFakeDocumentStore();
    const subscribe = store.api.traceCopies.onChanged.getMockImplementation() ?? (() => () => undefined);
    let open = 0;
    store.api.traceCopies.onChanged.mockImplementation((listener) => {
      open += 1;
      const unsubscribe = subscribe(listener);
      return () => {
        open -= 1;
        unsubscribe();
      };
    });
    store.api.documents.search.mockResolvedValue(ok(searchBundle([{ id: 'doc-1', title: 'Discharge letter.pdf', contentType: 'application/pdf' }])));
    store.api.download.start.mockResolvedValue(ok(downloadSummary({ traceCopy: copy() })));
    const view = render(<App />);
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: 'NHS number' }), '943 476 5919');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await user.click(await screen.findByRole('button', { name: 'Confirm this is the right patient' }));
    await user.click(await screen.findByRole('button', { name: 'Download all documents' }));
    await screen.findByRole('alert', { name: 'Saved and verified' });
    return { store, view, user, openSubscriptions: () => open };
  }

  function headerLine(): string | null {
    return document.querySelector('.app-trace-copy-indicator')?.textContent ?? null;
  }

  it('asks main for the list once and listens once, with the header line and the saved outcome both showing', async () => {
    const { store, openSubscriptions } = await savedInApp();
    expect(headerLine()).toBe('');
    expect(copyLine().textContent).toContain('0% sent');
    expect(store.api.traceCopies.list).toHaveBeenCalledOnce();
    expect(store.api.traceCopies.onChanged).toHaveBeenCalledOnce();
    expect(openSubscriptions()).toBe(1);

    store.emitTraceCopyChanged(copy({ bytesUploaded: 1_000 }));
    expect(headerLine()).toBe('Sending 1 copy to the document store.');
    expect(copyLine().textContent).toContain('50% sent');
  });

  it('keeps listening for the header line after the outcome goes, and stops when the app goes', async () => {
    const { store, view, user, openSubscriptions } = await savedInApp();
    await user.click(screen.getByRole('link', { name: 'Archive' }));
    expect(screen.queryByRole('alert', { name: 'Saved and verified' })).toBeNull();
    expect(openSubscriptions()).toBe(1);
    store.emitTraceCopyChanged(copy({ bytesUploaded: 1_000 }));
    expect(headerLine()).toBe('Sending 1 copy to the document store.');

    view.unmount();
    expect(openSubscriptions()).toBe(0);
  });
});
