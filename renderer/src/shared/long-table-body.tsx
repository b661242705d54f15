/** A table body for lists of any length: every row while the list is short, only the rows in view once it is long. */
import type { Ref } from 'react';
import { type Column, TableRow } from './table-parts.js';
import { VirtualTableBody, type VirtualTableHandle } from './virtual-table-body.js';

/** Up to this many rows are rendered as they are; longer lists render only the rows in view. */
export const VIRTUALISE_ABOVE = 100;

export interface LongTableBodyProps<Row> {
  readonly rows: ReadonlyArray<Row>;
  readonly columns: ReadonlyArray<Column<Row>>;
  /** Used only while virtualised: a short list has every row in the page already. */
  readonly handle?: Ref<VirtualTableHandle>;
}

/** The aria-rowcount the table needs: set only when the body renders some of the rows (header row included). */
export function longTableRowCount(rows: number): number | undefined {
  return rows > VIRTUALISE_ABOVE ? rows + 1 : undefined;
}

export function LongTableBody<Row extends { readonly id: string }>({ rows, columns, handle }: LongTableBodyProps<Row>) {
  if (rows.length > VIRTUALISE_ABOVE) {
    return <VirtualTableBody rows={rows} columns={columns} handle={handle} />;
  }
  return (
    <tbody className="nhsuk-table__body">
      {rows.map((row) => (
        <TableRow key={row.id} row={row} columns={columns} />
      ))}
    </tbody>
  );
}
