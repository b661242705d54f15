/**
 * Choosing among a patient's available documents: find by name, filter by type and upload date, sort by a column,
 * and the applied filter in words. Pure, so each rule is unit-tested on its own.
 */
import { formatCount, formatDocuments } from '../../shared/format.js';
import type { DocumentRow } from './document-lists.js';

export type SortColumn = 'fileName' | 'type' | 'uploadedAt';
export type SortDirection = 'ascending' | 'descending';

export interface DocumentQuery {
  /** Part of a file name, any case; empty for every name. */
  readonly name: string;
  /** A type in words ("PDF"); empty for every type. */
  readonly type: string;
  /** "YYYY-MM-DD" (as a date field gives it), local days, both included; empty for no limit. */
  readonly from: string;
  readonly to: string;
  readonly sort: { readonly column: SortColumn; readonly direction: SortDirection };
}

/** Every document, newest first: the order search gives. */
export const EVERY_DOCUMENT: DocumentQuery = { name: '', type: '', from: '', to: '', sort: { column: 'uploadedAt', direction: 'descending' } };

const NAMES = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/** The rows the query keeps, in its order; rows that sort the same keep the order they came in. */
export function applyQuery(rows: ReadonlyArray<DocumentRow>, query: DocumentQuery): ReadonlyArray<DocumentRow> {
  const name = query.name.trim().toLocaleLowerCase('en-GB');
  const from = startOfDay(query.from);
  const toExclusive = startOfDay(query.to, 1);
  const kept = rows.filter(
    (row) =>
      (name === '' || row.fileName.toLocaleLowerCase('en-GB').includes(name)) &&
      (query.type === '' || row.type === query.type) &&
      (from === undefined || (row.uploadedTime !== undefined && row.uploadedTime >= from)) &&
      (toExclusive === undefined || (row.uploadedTime !== undefined && row.uploadedTime < toExclusive)),
  );
  const sign = query.sort.direction === 'ascending' ? 1 : -1;
  const compare = comparatorFor(query.sort.column);
  return kept.sort((a, b) => sign * compare(a, b));
}

function comparatorFor(column: SortColumn): (a: DocumentRow, b: DocumentRow) => number {
  switch (column) {
    case 'fileName':
      return (a, b) => NAMES.compare(a.fileName, b.fileName);
    case 'type':
      return (a, b) => NAMES.compare(a.type, b.type);
    case 'uploadedAt':
      // Documents with no date sort as the oldest.
      return (a, b) => (a.uploadedTime ?? Number.MIN_SAFE_INTEGER) - (b.uploadedTime ?? Number.MIN_SAFE_INTEGER);
  }
}

/** The sort after the user picks a column: the other way round if it was already sorted by it. */
export function sortBy(query: DocumentQuery, column: SortColumn): DocumentQuery {
  const direction: SortDirection =
    query.sort.column === column ? (query.sort.direction === 'ascending' ? 'descending' : 'ascending') : column === 'uploadedAt' ? 'descending' : 'ascending';
  return { ...query, sort: { column, direction } };
}

/** The types among the rows, in alphabetical order, for the type filter. */
export function typesOf(rows: ReadonlyArray<DocumentRow>): ReadonlyArray<string> {
  return [...new Set(rows.map((row) => row.type))].sort(NAMES.compare);
}

/** True when the query leaves any document out. */
export function isFiltered(query: DocumentQuery): boolean {
  return query.name.trim() !== '' || query.type !== '' || startOfDay(query.from) !== undefined || startOfDay(query.to) !== undefined;
}

/**
 * "Showing 12 of 1,470 documents: type PDF, uploaded from 1 January 2026 to 31 March 2026, name contains "letter"",
 * or "Showing all 1,470 documents".
 */
export function describeQuery(query: DocumentQuery, shown: number, total: number): string {
  if (!isFiltered(query)) {
    return `Showing all ${formatDocuments(total)}`;
  }
  const from = startOfDay(query.from);
  const to = startOfDay(query.to);
  const parts = [
    ...(query.type === '' ? [] : [`type ${query.type}`]),
    ...(from === undefined && to === undefined ? [] : [uploadedBetween(from, to)]),
    ...(query.name.trim() === '' ? [] : [`name contains "${query.name.trim()}"`]),
  ];
  return `Showing ${formatCount(shown)} of ${formatDocuments(total)}: ${parts.join(', ')}`;
}

function uploadedBetween(from: number | undefined, to: number | undefined): string {
  const fromText = from === undefined ? '' : `from ${DAY.format(from)}`;
  const toText = to === undefined ? '' : `to ${DAY.format(to)}`;
  return ['uploaded', fromText, toText].filter((part) => part !== '').join(' ');
}

/** Local midnight at the start of "YYYY-MM-DD" (plus `addDays`), or undefined for an empty or impossible date. */
function startOfDay(day: string, addDays = 0): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(day);
  if (match === null) {
    return undefined;
  }
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const given = new Date(year, month - 1, date);
  if (given.getFullYear() !== year || given.getMonth() !== month - 1 || given.getDate() !== date) {
    return undefined;
  }
  return new Date(year, month - 1, date + addDays).getTime();
}
