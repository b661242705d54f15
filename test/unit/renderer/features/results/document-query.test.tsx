import { describe, expect, it } from 'vitest';
import type { DocumentRow } from '../../../../../renderer/src/features/results/document-lists.js';
import { applyQuery, describeQuery, EVERY_DOCUMENT, isFiltered, sortBy } from '../../../../../renderer/src/features/results/document-query.js';

function row(id: string, fileName: string, uploaded?: string): DocumentRow {
  return { id, fileName, type: 'PDF', uploadedAt: uploaded ?? 'Not recorded', uploadedTime: uploaded === undefined ? undefined : Date.parse(uploaded) };
}

const ROWS = [row('a', 'Letter 10.pdf', '2026-03-01T23:59:00'), row('b', 'Letter 9.pdf', '2026-03-02T00:00:00'), row('c', 'Undated.pdf')];

describe('the document query', () => {
  it('keeps whole local days at both ends of a date range, and leaves out documents with no date', () => {
    expect(applyQuery(ROWS, { ...EVERY_DOCUMENT, from: '2026-03-01', to: '2026-03-01' }).map((kept) => kept.id)).toEqual(['a']);
    expect(applyQuery(ROWS, { ...EVERY_DOCUMENT, from: '2026-03-02' }).map((kept) => kept.id)).toEqual(['b']);
  });

  it('ignores a date that does not exist, as the date field can give while it is being typed', () => {
    const query = { ...EVERY_DOCUMENT, from: '2026-02-30' };
    expect(isFiltered(query)).toBe(false);
    expect(applyQuery(ROWS, query)).toHaveLength(3);
    expect(describeQuery(query, 3, 3)).toBe('Showing all 3 documents');
  });

  it('sorts names as people read numbers, and undated documents as the oldest', () => {
    expect(applyQuery(ROWS, sortBy(EVERY_DOCUMENT, 'fileName')).map((kept) => kept.fileName)).toEqual(['Letter 9.pdf', 'Letter 10.pdf', 'Undated.pdf']);
    expect(applyQuery(ROWS, EVERY_DOCUMENT).map((kept) => kept.id)).toEqual(['b', 'a', 'c']);
  });

  it('describes an open-ended range', () => {
    expect(describeQuery({ ...EVERY_DOCUMENT, to: '2026-03-01' }, 1, 3)).toBe('Showing 1 of 3 documents: uploaded to 1 March 2026');
  });
});
