/**
 * The documents available for download, to choose from: find and filter, sort by a column, a checkbox per row with
 * "Select all", and what is shown and selected in words. The choice itself is the results view's, as the download
 * panel saves it.
 */
import { useMemo } from 'react';
import { formatCount } from '../../shared/format.js';
import type { Column } from '../../shared/table-parts.js';
import { TableCheckbox } from '../../shared/table-checkbox.js';
import type { DocumentRow } from './document-lists.js';
import { DocumentFilters } from './document-filters.js';
import { type DocumentQuery, describeQuery, type SortColumn, sortBy, typesOf } from './document-query.js';
import { DocumentsTable } from './documents-table.js';
import type { DocumentChoice } from './use-document-choice.js';

export interface AvailableDocumentsProps {
  readonly rows: ReadonlyArray<DocumentRow>;
  /** The choice among `rows` (useDocumentChoice). */
  readonly choice: DocumentChoice;
  /** False when the person may not download: no checkboxes, nothing said about a selection. */
  readonly selectable?: boolean;
}

const TABLE_ID = 'documents-available-table';

export function AvailableDocuments({ rows, choice, selectable = true }: AvailableDocumentsProps) {
  const types = useMemo(() => typesOf(rows), [rows]);
  const { query, setQuery, shown, selected, toggle, selectShown } = choice;
  // Rebuilt only when the choice changes, so a download's progress does not render every row again.
  const columns = useMemo(
    () => {
      const all = columnsFor({ query, setQuery, shown, selected, toggle, selectShown });
      return selectable ? all : all.filter((column) => column.key !== 'select');
    },
    [query, setQuery, shown, selected, toggle, selectShown, selectable],
  );
  return (
    <>
      <DocumentFilters query={choice.query} types={types} onChange={choice.setQuery} />
      <div role="status" className="app-choice-status">
        <p>{describeQuery(choice.query, choice.shown.length, rows.length)}</p>
        {selectable ? (
          <p className="app-choice-status__selected">
            {formatCount(choice.selectedIds.length)} of {formatCount(rows.length)} selected
          </p>
        ) : null}
      </div>
      {choice.shown.length > 0 ? (
        <DocumentsTable id={TABLE_ID} caption="List of documents available" columns={columns} rows={choice.shown} />
      ) : (
        <p className="nhsuk-body">No documents match these filters.</p>
      )}
    </>
  );
}

/** The table's columns for the current choice: they change with the selection and the sort. */
function columnsFor({
  query,
  setQuery,
  shown,
  selected,
  toggle,
  selectShown,
}: Omit<DocumentChoice, 'selectedIds'>): ReadonlyArray<Column<DocumentRow>> {
  const selectedShown = shown.filter((row) => selected.has(row.id)).length;
  const allShown = selectedShown === shown.length && shown.length > 0;
  const sortable = (column: SortColumn, text: string) => ({
    key: column,
    header: <SortButton text={text} query={query} column={column} onSort={() => setQuery(sortBy(query, column))} />,
    sorted: query.sort.column === column ? query.sort.direction : undefined,
  });
  return [
    {
      key: 'select',
      header: (
        <TableCheckbox
          id={`${TABLE_ID}-select-all`}
          label="Select all documents shown"
          checked={allShown}
          mixed={selectedShown > 0 && !allShown}
          onChange={() => selectShown(!allShown)}
        />
      ),
      cell: (row) => <TableCheckbox id={`select-${row.id}`} label={`Select ${row.fileName}`} checked={selected.has(row.id)} onChange={() => toggle(row.id)} />,
      className: 'app-col--select',
    },
    { ...sortable('fileName', 'File name'), cell: (row) => row.fileName, className: 'app-col--filename', rowHeader: true },
    { ...sortable('type', 'Type'), cell: (row) => row.type, className: 'app-col--type' },
    { ...sortable('uploadedAt', 'Uploaded'), cell: (row) => row.uploadedAt, className: 'app-col--date' },
  ];
}

interface SortButtonProps {
  readonly text: string;
  readonly query: DocumentQuery;
  readonly column: SortColumn;
  readonly onSort: () => void;
}

/** A column header that sorts by its column; the th's aria-sort says which way, the arrow shows it. */
function SortButton({ text, query, column, onSort }: SortButtonProps) {
  const arrow = query.sort.column !== column ? '' : query.sort.direction === 'ascending' ? ' ▲' : ' ▼';
  return (
    <button type="button" className="app-sort-button" onClick={onSort}>
      {text}
      <span aria-hidden="true">{arrow}</span>
    </button>
  );
}
