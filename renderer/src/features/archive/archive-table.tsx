/**
 * The archive's saved records as one compact table: find by NHS number or file name, sort by patient, date saved or
 * status, and only the rows in view rendered, so thousands of records stay quick.
 */
import { useId, useMemo, useState } from 'react';
import type { ArchiveEntryView } from '../../../../common/archive.js';
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import { formatCount, formatDocuments, formatUploadedAt } from '../../shared/format.js';
import { SortButton } from '../../shared/sort-button.js';
import { type Column, TableFrame } from '../../shared/table-parts.js';
import { LongTableBody, longTableRowCount } from '../../shared/long-table-body.js';
import { type ArchiveQuery, type ArchiveSortColumn, INITIAL_ARCHIVE_QUERY, findArchived, sortArchiveBy } from './archive-query.js';
import { ArchiveRowActions } from './archive-row-actions.js';
import { type ArchiveState, currentView } from './archive-state.js';
import { StatusTag } from './status-tag.js';
import { type ArchiveActions, fileName } from './use-archive.js';

export interface ArchiveTableProps {
  readonly state: ArchiveState;
  readonly entries: ReadonlyArray<ArchiveEntryView>;
  readonly actions: ArchiveActions;
  readonly onOpen: (view: ArchiveEntryView) => void;
  readonly onRemove: (view: ArchiveEntryView) => void;
  readonly onDownloadAgain: ((nhsNumber: string) => void) | undefined;
}

interface ArchiveRow {
  readonly id: string;
  readonly view: ArchiveEntryView;
  readonly busy: boolean;
  readonly checking: boolean;
  readonly problem: string | undefined;
}

const TABLE_ID = 'archive-table';

/** The search field, what it found in words, and the table (or why it is empty). */
export function ArchiveTable({ state, entries, actions, onOpen, onRemove, onDownloadAgain }: ArchiveTableProps) {
  const [query, setQuery] = useState<ArchiveQuery>(INITIAL_ARCHIVE_QUERY);
  const fieldId = useId();
  const rows = useMemo(
    () =>
      findArchived(
        entries.map((listed) => currentView(state, listed)),
        query,
      ).map(
        (view): ArchiveRow => ({
          id: view.entry.id,
          view,
          busy: state.busy.has(view.entry.id),
          checking: state.checking.has(view.entry.id) || (state.verifyingAll && !state.checked.has(view.entry.id)),
          problem: state.problems.get(view.entry.id),
        }),
      ),
    [entries, state, query],
  );
  const columns = useMemo(() => columnsFor(query, setQuery, { actions, onOpen, onRemove, onDownloadAgain }), [query, actions, onOpen, onRemove, onDownloadAgain]);
  return (
    <>
      <div className="nhsuk-form-group app-archive-find">
        <label className="nhsuk-label" htmlFor={fieldId}>
          Find a saved record
        </label>
        <div className="nhsuk-hint" id={`${fieldId}-hint`}>
          Type an NHS number, a name, or part of one or of the file name
        </div>
        <input
          className="nhsuk-input nhsuk-input--width-20"
          id={fieldId}
          type="search"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${fieldId}-hint`}
          value={query.text}
          onChange={(event) => setQuery({ ...query, text: event.target.value })}
        />
      </div>
      <p role="status" className="app-archive-find__status">
        {query.text.trim() === ''
          ? `${formatCount(entries.length)} saved ${entries.length === 1 ? 'record' : 'records'}`
          : `Showing ${formatCount(rows.length)} of ${formatCount(entries.length)} saved records`}
      </p>
      {rows.length === 0 ? (
        <p className="nhsuk-body">No saved record matches &quot;{query.text.trim()}&quot;.</p>
      ) : (
        <TableFrame id={TABLE_ID} caption="Saved records" columns={columns} rowCount={longTableRowCount(rows.length)}>
          <LongTableBody rows={rows} columns={columns} />
        </TableFrame>
      )}
    </>
  );
}

interface RowCallbacks {
  readonly actions: ArchiveActions;
  readonly onOpen: (view: ArchiveEntryView) => void;
  readonly onRemove: (view: ArchiveEntryView) => void;
  readonly onDownloadAgain: ((nhsNumber: string) => void) | undefined;
}

function columnsFor(query: ArchiveQuery, setQuery: (query: ArchiveQuery) => void, callbacks: RowCallbacks): ReadonlyArray<Column<ArchiveRow>> {
  const sortable = (column: ArchiveSortColumn, text: string) => {
    const sorted = query.sort.column === column ? query.sort.direction : undefined;
    return { key: column, header: <SortButton text={text} sorted={sorted} onSort={() => setQuery(sortArchiveBy(query, column))} />, sorted };
  };
  return [
    { ...sortable('patient', 'Patient'), cell: (row) => <PatientCell view={row.view} />, className: 'app-col--patient', rowHeader: true },
    { ...sortable('savedAt', 'Date saved'), cell: (row) => formatUploadedAt(row.view.entry.savedAt), className: 'app-col--date' },
    { ...sortable('savedBy', 'Saved by'), cell: (row) => <SavedByCell view={row.view} />, className: 'app-col--saved-by' },
    { key: 'documents', header: 'Documents', cell: (row) => <DocumentsCell view={row.view} />, className: 'app-col--count' },
    { ...sortable('status', 'Status'), cell: (row) => <StatusCell row={row} />, className: 'app-col--status' },
    {
      key: 'actions',
      header: 'Actions',
      cell: (row) => <ArchiveRowActions view={row.view} busy={row.busy} checking={row.checking} {...callbacks} />,
      className: 'app-col--archive-actions',
    },
  ];
}

function PatientCell({ view }: { readonly view: ArchiveEntryView }) {
  const { entry } = view;
  return (
    <>
      {entry.nhsNumber === null ? 'NHS number not known' : formatNhsNumber(entry.nhsNumber)}
      {entry.patientName === undefined ? null : <span className="app-archive-table__name">{entry.patientName}</span>}
      <span className="app-archive-table__file app-path">{fileName(entry.path)}</span>
      {entry.source === 'import' ? <strong className="nhsuk-tag nhsuk-tag--white app-archive-table__tag">Added from disk</strong> : null}
    </>
  );
}

function SavedByCell({ view }: { readonly view: ArchiveEntryView }) {
  const { savedBy } = view.entry;
  if (savedBy === undefined) {
    return <span className="app-archive-table__note">Not recorded</span>;
  }
  return (
    <>
      {savedBy.name}
      <span className="app-archive-table__note">
        {savedBy.orgName} ({savedBy.odsCode})
      </span>
    </>
  );
}

function DocumentsCell({ view }: { readonly view: ArchiveEntryView }) {
  const { documentCount, missingCount } = view.entry;
  return (
    <>
      {formatDocuments(documentCount)}
      {missingCount > 0 ? <span className="app-archive-table__note">{formatCount(missingCount)} could not be saved</span> : null}
    </>
  );
}

function StatusCell({ row }: { readonly row: ArchiveRow }) {
  const { view } = row;
  return (
    <>
      <StatusTag view={view} checking={row.checking} />
      {view.reviewDue ? <strong className="nhsuk-tag nhsuk-tag--yellow app-archive-table__tag">Review due</strong> : null}
      {view.entry.manifestVerified === false ? <span className="app-archive-table__note">Its documents do not match the list saved with them.</span> : null}
      {view.problem === null ? null : <span className="app-archive-table__note">{view.problem}</span>}
      {row.problem === undefined ? null : (
        <span className="nhsuk-error-message app-archive-table__note" role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> {row.problem}
        </span>
      )}
    </>
  );
}
