/** Finding and sorting the archive's saved records in the renderer: by NHS number or file name, by any sortable column. */
import type { ArchiveEntryView } from '../../../../common/archive.js';
import { fileName } from './use-archive.js';

export type ArchiveSortColumn = 'patient' | 'savedAt' | 'savedBy' | 'status';
export type SortDirection = 'ascending' | 'descending';

export interface ArchiveQuery {
  /** What the user typed: part of an NHS number (spaces ignored), of the patient's or saver's name, or of the file name. */
  readonly text: string;
  readonly sort: { readonly column: ArchiveSortColumn; readonly direction: SortDirection };
}

export const INITIAL_ARCHIVE_QUERY: ArchiveQuery = { text: '', sort: { column: 'savedAt', direction: 'descending' } };

/** The direction a column sorts in when first chosen: newest first for dates, A to Z (or worst first) otherwise. */
const FIRST_DIRECTION: Readonly<Record<ArchiveSortColumn, SortDirection>> = {
  patient: 'ascending',
  savedAt: 'descending',
  savedBy: 'ascending',
  status: 'ascending',
};

/** Sorts by `column`; choosing the column already sorted by turns the order round. */
export function sortArchiveBy(query: ArchiveQuery, column: ArchiveSortColumn): ArchiveQuery {
  const direction =
    query.sort.column === column ? (query.sort.direction === 'ascending' ? 'descending' : 'ascending') : FIRST_DIRECTION[column];
  return { ...query, sort: { column, direction } };
}

/** The records that match the text, in the chosen order; ties keep main's order (newest first). */
export function findArchived(views: ReadonlyArray<ArchiveEntryView>, query: ArchiveQuery): ReadonlyArray<ArchiveEntryView> {
  const matches = matcher(query.text);
  const found = views.filter(matches);
  const compare = COMPARE[query.sort.column];
  const sign = query.sort.direction === 'ascending' ? 1 : -1;
  return found
    .map((view, index) => ({ view, index }))
    .sort((a, b) => sign * compare(a.view, b.view) || a.index - b.index)
    .map(({ view }) => view);
}

function matcher(text: string): (view: ArchiveEntryView) => boolean {
  const words = text.trim().toLowerCase();
  if (words === '') {
    return () => true;
  }
  const digits = words.replace(/\s+/gu, '');
  const byNumber = /^\d+$/u.test(digits);
  return (view) =>
    (byNumber && (view.entry.nhsNumber ?? '').includes(digits)) ||
    [fileName(view.entry.path), view.entry.patientName ?? '', view.entry.savedBy?.name ?? ''].some((text) => text.toLowerCase().includes(words));
}

/** Worst first: a changed file matters most, then a missing one, then one not yet checked. */
const STATUS_ORDER: Readonly<Record<string, number>> = { changed: 0, missing: 1, unchecked: 2, verified: 3 };

const COMPARE: Readonly<Record<ArchiveSortColumn, (a: ArchiveEntryView, b: ArchiveEntryView) => number>> = {
  // "NHS number not known" sorts after every number.
  patient: (a, b) => (a.entry.nhsNumber ?? '\uffff').localeCompare(b.entry.nhsNumber ?? '\uffff'),
  savedAt: (a, b) => Date.parse(a.entry.savedAt) - Date.parse(b.entry.savedAt),
  // Records nobody is named for (added from disk, or saved before sign-in) sort after every name.
  savedBy: (a, b) => (a.entry.savedBy?.name ?? '\uffff').localeCompare(b.entry.savedBy?.name ?? '\uffff'),
  status: (a, b) => (STATUS_ORDER[a.status ?? 'unchecked'] ?? 2) - (STATUS_ORDER[b.status ?? 'unchecked'] ?? 2),
};
