/** The table of a patient's documents, virtualised when the list is long. */
import { type Column, TableFrame, TableRow } from '../../shared/table-parts.js';
import { VirtualTableBody } from '../../shared/virtual-table-body.js';

export interface DocumentsTableProps<Row> {
  readonly id: string;
  readonly caption: string;
  readonly columns: ReadonlyArray<Column<Row>>;
  readonly rows: ReadonlyArray<Row>;
}

/** Up to this many rows are rendered as they are; longer lists render only the rows in view. */
export const VIRTUALISE_ABOVE = 100;

/**
 * A real table of documents in the order given (newest first).
 *
 * A long list keeps the same table, caption and header, and virtualises only the body, which scrolls with the page,
 * so thousands of rows stay smooth.
 */
export function DocumentsTable<Row extends { readonly id: string }>({ id, caption, columns, rows }: DocumentsTableProps<Row>) {
  if (rows.length <= VIRTUALISE_ABOVE) {
    return (
      <TableFrame id={id} caption={caption} columns={columns}>
        <tbody className="nhsuk-table__body">
          {rows.map((row) => (
            <TableRow key={row.id} row={row} columns={columns} />
          ))}
        </tbody>
      </TableFrame>
    );
  }
  return (
    <TableFrame id={id} caption={caption} columns={columns} rowCount={rows.length + 1}>
      <VirtualTableBody rows={rows} columns={columns} />
    </TableFrame>
  );
}
