/** The body of a long table, rendering only the rows in view (TanStack Virtual). */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { type Column, TableRow } from './table-parts.js';

export interface VirtualTableBodyProps<Row> {
  readonly rows: ReadonlyArray<Row>;
  readonly columns: ReadonlyArray<Column<Row>>;
  /** The scrolling region around the table; null until it is in the page. */
  readonly scrollElement: HTMLElement | null;
}

/** First guess at the height of one row (one line of text in an NHS table cell), before any row is measured. */
const ROW_HEIGHT_PX = 61;
/** Rows rendered beyond each edge of the view; also covers the caption and header above the first row. */
const OVERSCAN_ROWS = 10;

/**
 * A tbody that renders only the rows in view, with spacer rows above and below so the scroll height is right.
 *
 * Rendered rows carry aria-rowindex (the header row is 1) and the table aria-rowcount, so assistive technology
 * knows where in the full list it is. Rows are measured as they render (long names wrap).
 */
export function VirtualTableBody<Row extends { readonly id: string }>({ rows, columns, scrollElement }: VirtualTableBodyProps<Row>) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  // Rows render once the scrolling element exists; the height is read then.
  const rowHeight = useTypicalRowHeight(bodyRef, scrollElement !== null);
  const getItemKey = useCallback((index: number) => rows[index]?.id ?? index, [rows]);
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  // The React Compiler cannot memoise TanStack Virtual's API; this app does not use the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollElement,
    estimateSize,
    overscan: OVERSCAN_ROWS,
    getItemKey,
  });
  // Re-estimate the rows not yet measured once the typical height is known. Without this, every first
  // measurement above the view would shift the scroll position, which stops keyboard scrolling (End, Page Down).
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, rowHeight]);

  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items.at(-1);
  const spaceBefore = first?.start ?? 0;
  const spaceAfter = last === undefined ? 0 : virtualizer.getTotalSize() - last.end;
  return (
    <tbody className="nhsuk-table__body" ref={bodyRef}>
      {spaceBefore > 0 ? <SpacerRow height={spaceBefore} columns={columns.length} /> : null}
      {items.map((item) => {
        const row = rows[item.index];
        return row === undefined ? null : (
          <TableRow
            key={item.key}
            row={row}
            columns={columns}
            rowIndex={item.index + 2}
            dataIndex={item.index}
            measure={virtualizer.measureElement}
          />
        );
      })}
      {spaceAfter > 0 ? <SpacerRow height={spaceAfter} columns={columns.length} /> : null}
    </tbody>
  );
}

/**
 * The most common height among the rows first rendered, as the estimate for rows not yet rendered; read again
 * once `rendered` turns true.
 *
 * Row height follows the font size (it changes at the design system's breakpoint and with the user's text size), so
 * it is read from the page rather than assumed.
 */
function useTypicalRowHeight(bodyRef: RefObject<HTMLTableSectionElement | null>, rendered: boolean): number {
  const [height, setHeight] = useState(ROW_HEIGHT_PX);
  useLayoutEffect(() => {
    const heights = [...(bodyRef.current?.querySelectorAll('tr[data-index]') ?? [])].map((row) => row.getBoundingClientRect().height);
    const typical = mostCommon(heights);
    if (typical !== undefined && Math.abs(typical - height) >= 0.5) {
      setHeight(typical);
    }
  }, [bodyRef, height, rendered]);
  return height;
}

function mostCommon(values: ReadonlyArray<number>): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) {
    const rounded = Math.round(value * 2) / 2;
    counts.set(rounded, (counts.get(rounded) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function SpacerRow({ height, columns }: { readonly height: number; readonly columns: number }) {
  return (
    <tr className="app-spacer-row" aria-hidden="true">
      <td colSpan={columns} style={{ height }} />
    </tr>
  );
}
