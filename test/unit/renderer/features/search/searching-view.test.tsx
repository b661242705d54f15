import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { type SearchProgress, SearchingView } from '../../../../../renderer/src/features/search/searching-view.js';
import { NHS_NUMBER } from '../../support/fixtures.js';

function renderSearching(progress: SearchProgress | null) {
  const onCancel = vi.fn<() => void>();
  const view = render(<SearchingView nhsNumber={NHS_NUMBER} progress={progress} onCancel={onCancel} />);
  return { onCancel, view };
}

describe('the searching view', () => {
  it('shows activity for the patient before main reports any progress', () => {
    renderSearching(null);
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Searching for documents' }));
    expect(screen.getByText('NHS number 943 476 5919')).toBeDefined();
    expect(screen.getByRole('status').textContent).toBe('Searching…');
    const bar = screen.getByRole('progressbar', { name: 'Search progress' });
    // The amount of work is unknown: the bar shows activity, not a value.
    expect(bar.getAttribute('aria-valuenow')).toBeNull();
  });

  it('says how many pages and documents main has read so far', () => {
    const { view } = renderSearching({ pagesRead: 1, itemsRead: 1 });
    expect(screen.getByRole('status').textContent).toBe('Searching… 1 page read, 1 document found so far.');

    view.rerender(<SearchingView nhsNumber={NHS_NUMBER} progress={{ pagesRead: 3, itemsRead: 1470 }} onCancel={vi.fn()} />);
    expect(screen.getByRole('status').textContent).toBe('Searching… 3 pages read, 1,470 documents found so far.');
    expect(screen.getByRole('progressbar', { name: 'Search progress' }).getAttribute('aria-valuetext')).toBe(
      'Searching… 3 pages read, 1,470 documents found so far.',
    );
  });

  it('offers a way out', async () => {
    const { onCancel } = renderSearching({ pagesRead: 2, itemsRead: 40 });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
