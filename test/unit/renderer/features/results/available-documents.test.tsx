import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AvailableDocuments } from '../../../../../renderer/src/features/results/available-documents.js';
import { type DocumentRow, toDocumentLists } from '../../../../../renderer/src/features/results/document-lists.js';
import { useDocumentChoice } from '../../../../../renderer/src/features/results/use-document-choice.js';
import { type ListedDocument, searchBundle } from '../../support/fixtures.js';

// Newest first, as search gives them.
const DOCUMENTS: ReadonlyArray<ListedDocument> = [
  { id: 'doc-1', title: 'Discharge letter.pdf', contentType: 'application/pdf', date: '2026-11-01T09:30:00' },
  { id: 'doc-2', title: 'Chest X-ray.jpeg', contentType: 'image/jpeg', date: '2026-06-12T14:05:00' },
  { id: 'doc-3', title: 'Referral letter.pdf', contentType: 'application/pdf', date: '2026-02-03T08:00:00' },
  { id: 'doc-4', title: 'Blood results.pdf', contentType: 'application/pdf', date: '2025-12-24T10:00:00' },
];

/** The list with the choice kept by its owner, as the results view keeps it. */
function ChoosingDocuments({ rows }: { readonly rows: ReadonlyArray<DocumentRow> }) {
  return <AvailableDocuments rows={rows} choice={useDocumentChoice(rows)} />;
}

function renderDocuments() {
  render(<ChoosingDocuments rows={toDocumentLists(searchBundle(DOCUMENTS)).available} />);
  return userEvent.setup();
}

function fileNames(): string[] {
  return within(screen.getByRole('table', { name: 'List of documents available' }))
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent);
}

function status(): string {
  return screen.getAllByRole('status').map((region) => region.textContent).join(' ');
}

describe('choosing among the available documents', () => {
  it('selects documents one by one, and says how many of all are selected', async () => {
    const user = renderDocuments();
    expect(status()).toContain('0 of 4 selected');
    await user.click(screen.getByRole('checkbox', { name: 'Select Chest X-ray.jpeg' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Blood results.pdf' }));
    expect(status()).toContain('2 of 4 selected');
    const all = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Select all documents shown' });
    expect(all.checked).toBe(false);
    expect(all.indeterminate).toBe(true);

    await user.click(screen.getByRole('checkbox', { name: 'Select Blood results.pdf' }));
    expect(status()).toContain('1 of 4 selected');
  });

  it('selects all shown and clears them again with "Select all"', async () => {
    const user = renderDocuments();
    const all = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Select all documents shown' });
    await user.click(all);
    expect(status()).toContain('4 of 4 selected');
    expect(all.checked).toBe(true);
    await user.click(all);
    expect(status()).toContain('0 of 4 selected');
  });

  it('finds by name, any case, and says which filter is applied', async () => {
    const user = renderDocuments();
    expect(status()).toContain('Showing all 4 documents');
    await user.type(screen.getByRole('textbox', { name: 'File name contains' }), 'LETTER');
    expect(fileNames()).toEqual(['Discharge letter.pdf', 'Referral letter.pdf']);
    expect(status()).toContain('Showing 2 of 4 documents: name contains "LETTER"');
  });

  it('filters by type and by upload dates, both days included, and clears the filters', async () => {
    const user = renderDocuments();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'PDF');
    await user.type(screen.getByLabelText('Uploaded from'), '2026-02-03');
    await user.type(screen.getByLabelText('Uploaded to'), '2026-11-01');
    expect(fileNames()).toEqual(['Discharge letter.pdf', 'Referral letter.pdf']);
    expect(status()).toContain('Showing 2 of 4 documents: type PDF, uploaded from 3 February 2026 to 1 November 2026');

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(fileNames()).toHaveLength(4);
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
  });

  it('"Select all" with a filter applied selects only the documents shown', async () => {
    const user = renderDocuments();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'JPEG image');
    await user.click(screen.getByRole('checkbox', { name: 'Select all documents shown' }));
    expect(status()).toContain('1 of 4 selected');
  });

  it('says when no document matches', async () => {
    const user = renderDocuments();
    await user.type(screen.getByRole('textbox', { name: 'File name contains' }), 'nothing like this');
    expect(screen.getByText('No documents match these filters.')).toBeDefined();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('sorts by a column, and the other way round when chosen again', async () => {
    const user = renderDocuments();
    const header = (name: string) => screen.getByRole('columnheader', { name });
    expect(header('Uploaded').getAttribute('aria-sort')).toBe('descending');

    await user.click(screen.getByRole('button', { name: 'File name' }));
    expect(fileNames()).toEqual(['Blood results.pdf', 'Chest X-ray.jpeg', 'Discharge letter.pdf', 'Referral letter.pdf']);
    expect(header('File name').getAttribute('aria-sort')).toBe('ascending');
    expect(header('Uploaded').hasAttribute('aria-sort')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'File name' }));
    expect(fileNames()).toEqual(['Referral letter.pdf', 'Discharge letter.pdf', 'Chest X-ray.jpeg', 'Blood results.pdf']);

    await user.click(screen.getByRole('button', { name: 'Uploaded' }));
    expect(fileNames()).toEqual(['Discharge letter.pdf', 'Chest X-ray.jpeg', 'Referral letter.pdf', 'Blood results.pdf']);
  });
});
