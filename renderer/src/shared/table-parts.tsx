/** The pieces every document table shares: its columns, its frame (caption and header row), and one row. */
import { type ReactNode, memo } from 'react';

/** One column: its header, the cell of a row, and a class that sets its width. */
export interface Column<Row> {
  readonly key: string;
  readonly header: ReactNode;
  readonly cell: (row: Row) => ReactNode;
  readonly className: string;
  /** This column's cell names the row (a th with scope=row): the file name. */
  readonly rowHeader?: boolean;
  /** Set on the column the rows are sorted by. */
  readonly sorted?: 'ascending' | 'descending';
}

export interface TableFrameProps<Row> {
  readonly id: string;
  readonly caption: string;
  readonly columns: ReadonlyArray<Column<Row>>;
  /** Set when only some rows are rendered: the number of rows in the whole list, header row included. */
  readonly rowCount?: number;
  /** The tbody. */
  readonly children: ReactNode;
}

/** The table, its caption and its header row; these stay whatever the body renders. */
export function TableFrame<Row>({ id, caption, columns, rowCount, children }: TableFrameProps<Row>) {
  return (
    <table className="nhsuk-table app-documents-table" id={id} aria-rowcount={rowCount}>
      <caption className="nhsuk-table__caption" id={`${id}-caption`}>
        {caption}
      </caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row" aria-rowindex={rowCount === undefined ? undefined : 1}>
          {columns.map((column) => (
            <th key={column.key} className={`nhsuk-table__header ${column.className}`} scope="col" aria-sort={column.sorted}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      {children}
    </table>
  );
}

export interface TableRowProps<Row> {
  readonly row: Row;
  readonly columns: ReadonlyArray<Column<Row>>;
  /** aria-rowindex, when the table renders only some rows. */
  readonly rowIndex?: number;
  /** The virtualiser's index and measuring ref, when virtualised. */
  readonly dataIndex?: number;
  readonly measure?: (element: HTMLTableRowElement | null) => void;
}

/**
 * One row: the row-header column (the file name) heads the row, the rest are cells.
 *
 * Memoised: while a long list scrolls, rows already in view keep their props and are not rendered again.
 */
export const TableRow = memo(TableRowCells) as typeof TableRowCells;

function TableRowCells<Row>({ row, columns, rowIndex, dataIndex, measure }: TableRowProps<Row>) {
  return (
    <tr className="nhsuk-table__row" aria-rowindex={rowIndex} data-index={dataIndex} ref={measure}>
      {columns.map((column) =>
        column.rowHeader === true ? (
          <th key={column.key} className="nhsuk-table__cell app-documents-table__row-header" scope="row">
            {column.cell(row)}
          </th>
        ) : (
          <td key={column.key} className="nhsuk-table__cell">
            {column.cell(row)}
          </td>
        ),
      )}
    </tr>
  );
}
