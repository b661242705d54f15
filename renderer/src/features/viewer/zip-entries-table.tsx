/**
 * The documents in an opened ZIP as one table: only the rows in view are rendered, and the whole table is one tab
 * stop (arrow keys move between rows and their buttons). A damaged or refused document is marked in its row; the
 * others open as usual.
 */
import { useCallback, useMemo } from 'react';
import type { ZipEntryInfo, ZipListing } from '../../../../common/archive.js';
import { describeContentType, formatMegabytes } from '../../shared/format.js';
import { type Column, TableFrame } from '../../shared/table-parts.js';
import { LongTableBody, longTableRowCount } from '../../shared/long-table-body.js';
import { describeCheck } from './manifest-check.js';
import { type RovingCells, useRovingCells } from './use-roving-cells.js';

export interface ZipEntriesTableProps {
  readonly listing: ZipListing;
  readonly onView: (entry: ZipEntryInfo) => void;
  readonly onSaveCopy: (entry: ZipEntryInfo) => void;
}

interface EntryRow {
  readonly id: string;
  readonly index: number;
  readonly entry: ZipEntryInfo;
  readonly viewable: boolean;
}

/** True when the app can show the entry: a type it draws, read without a problem, within the view limit. */
export function canView(entry: ZipEntryInfo, listing: ZipListing): boolean {
  return entry.viewable && entry.status === 'readable' && entry.size <= listing.viewLimitBytes;
}

export function ZipEntriesTable({ listing, onView, onSaveCopy }: ZipEntriesTableProps) {
  const rows = useMemo(
    () => listing.entries.map((entry, index): EntryRow => ({ id: entry.name, index, entry, viewable: canView(entry, listing) })),
    [listing],
  );
  const columnsIn = useCallback((row: number) => (rows[row]?.viewable === true ? 2 : 1), [rows]);
  const { tabIndexOf, activate, onKeyDown, containerRef, tableRef } = useRovingCells(rows.length, columnsIn);
  const hasManifest = listing.manifest !== null;
  const columns = useMemo(
    () => columnsFor(hasManifest, listing.viewLimitBytes, { tabIndexOf, activate }, onView, onSaveCopy),
    [hasManifest, listing.viewLimitBytes, tabIndexOf, activate, onView, onSaveCopy],
  );
  if (rows.length === 0) {
    return <p className="nhsuk-body">This ZIP holds no documents.</p>;
  }
  return (
    <div className="app-zip-table" ref={containerRef} onKeyDown={onKeyDown}>
      <p className="nhsuk-body-s app-zip-table__hint">In the table, the arrow keys move between documents and their buttons.</p>
      <TableFrame id="zip-documents-table" caption="Documents in this ZIP" columns={columns} rowCount={longTableRowCount(rows.length)}>
        <LongTableBody rows={rows} columns={columns} handle={tableRef} />
      </TableFrame>
    </div>
  );
}

function columnsFor(
  hasManifest: boolean,
  viewLimitBytes: number,
  roving: Pick<RovingCells, 'tabIndexOf' | 'activate'>,
  onView: (entry: ZipEntryInfo) => void,
  onSaveCopy: (entry: ZipEntryInfo) => void,
): ReadonlyArray<Column<EntryRow>> {
  const cellProps = (row: number, column: number) => ({
    'data-cell': `${row}:${column}`,
    tabIndex: roving.tabIndexOf({ row, column }),
    onFocus: () => roving.activate({ row, column }),
  });
  return [
    { key: 'name', header: 'Document', cell: (row) => <NameCell entry={row.entry} />, className: 'app-col--filename-narrow', rowHeader: true },
    { key: 'type', header: 'Type', cell: (row) => describeContentType(row.entry.contentType ?? undefined), className: 'app-col--type-narrow' },
    { key: 'size', header: 'Size', cell: (row) => formatMegabytes(row.entry.size), className: 'app-col--size' },
    {
      key: 'check',
      header: 'Check',
      cell: (row) => {
        const check = describeCheck(row.entry.check, hasManifest);
        return <strong className={`nhsuk-tag nhsuk-tag--${check.colour}`}>{check.text}</strong>;
      },
      className: 'app-col--check',
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: ({ entry, index, viewable }) => (
        <>
          <div className="app-zip-table__actions">
            {viewable ? (
              <button type="button" className="nhsuk-button nhsuk-button--small app-zip-table__button" {...cellProps(index, 0)} onClick={() => onView(entry)}>
                View<span className="nhsuk-u-visually-hidden"> {entry.name}</span>
              </button>
            ) : null}
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-zip-table__button"
              {...cellProps(index, viewable ? 1 : 0)}
              onClick={() => onSaveCopy(entry)}
            >
              Save a copy…<span className="nhsuk-u-visually-hidden"> of {entry.name}</span>
            </button>
          </div>
          {entry.viewable && entry.size > viewLimitBytes ? <p className="nhsuk-body-s app-zip-table__note">Too large to view here.</p> : null}
        </>
      ),
      className: 'app-col--actions',
    },
  ];
}

/** The name, and for a document that could not be read, a tag and why. */
function NameCell({ entry }: { readonly entry: ZipEntryInfo }) {
  if (entry.status === 'readable') {
    return <span className="app-path">{entry.name}</span>;
  }
  return (
    <>
      <span className="app-path">{entry.name}</span>{' '}
      <strong className="nhsuk-tag nhsuk-tag--red app-zip-table__damaged">{entry.status === 'refused' ? 'Not opened' : 'Damaged'}</strong>
      {entry.problem === null ? null : (
        <span className="nhsuk-body-s app-zip-table__note">
          {entry.status === 'refused' ? 'Not opened: ' : 'Cannot be read: '}
          {entry.problem}
        </span>
      )}
    </>
  );
}
