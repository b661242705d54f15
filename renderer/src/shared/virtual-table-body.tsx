/** The body of a long table in the page's own scroll, rendering only the rows in the window (TanStack Virtual). */
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { type Ref, type RefObject, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import { type Column, TableRow } from './table-parts.js';

export interface VirtualTableBodyProps<Row> {
  readonly rows: ReadonlyArray<Row>;
  readonly columns: ReadonlyArray<Column<Row>>;
  /** Lets the table's owner bring a row into view (keyboard moves to a row not yet rendered). */
  readonly handle?: Ref<VirtualTableHandle>;
}

/** What the owner of a virtual table body can ask of it. */
export interface VirtualTableHandle {
  /** Scrolls the page so the row at `index` is rendered and in view. */
  readonly scrollToIndex: (index: number) => void;
}

/** First guess at the height of one row (one line of text in an NHS table cell), before any row is measured. */
const ROW_HEIGHT_PX = 61;
/** Rows rendered beyond each edge of the window. */
const OVERSCAN_ROWS = 10;

/**
 * A tbody that renders only the rows in the window, with spacer rows above and below so the page is as tall as the
 * whole table: the table scrolls with the page, with no scrolling box of its own.
 *
 * Rendered rows carry aria-rowindex (the header row is 1) and the table aria-rowcount, so assistive technology
 * knows where in the full list it is. Rows are measured as they render (long names wrap).
 */
export function VirtualTableBody<Row extends { readonly id: string }>({ rows, columns, handle }: VirtualTableBodyProps<Row>) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [rowHeight, setRowHeight] = useState(ROW_HEIGHT_PX);
  const scrollMargin = useTopInPage(bodyRef);
  const getItemKey = useCallback((index: number) => rows[index]?.id ?? index, [rows]);
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize,
    scrollMargin,
    overscan: OVERSCAN_ROWS,
    getItemKey,
  });
  // Re-estimate the rows not yet measured once the typical height is known. Without this, every first
  // measurement above the view would shift the scroll position, which stops keyboard scrolling (End, Page Down).
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, rowHeight]);
  useImperativeHandle(handle, () => ({ scrollToIndex: (index: number) => virtualizer.scrollToIndex(index, { align: 'auto' }) }), [virtualizer]);

  const items = virtualizer.getVirtualItems();
  useTypicalRowHeight(bodyRef, items.length, setRowHeight);
  const first = items[0];
  const last = items.at(-1);
  const spaceBefore = first === undefined ? 0 : first.start - scrollMargin;
  const spaceAfter = last === undefined ? 0 : virtualizer.getTotalSize() + scrollMargin - last.end;
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
 * Sets the most common height among the first rows rendered as the estimate for rows not yet rendered; read once,
 * as soon as rendered rows have a height.
 *
 * Row height follows the font size (it changes at the design system's breakpoint and with the user's text size), so
 * it is read from the page rather than assumed. Read only once: an estimate that moved while the user scrolls would
 * move the rows under them.
 */
function useTypicalRowHeight(
  bodyRef: RefObject<HTMLTableSectionElement | null>,
  renderedRows: number,
  setRowHeight: (height: number) => void,
): void {
  const measured = useRef(false);
  useLayoutEffect(() => {
    if (measured.current) {
      return;
    }
    // A row with no height is not laid out (yet): it says nothing about the others.
    const heights = [...(bodyRef.current?.querySelectorAll('tr[data-index]') ?? [])]
      .map((row) => row.getBoundingClientRect().height)
      .filter((height) => height > 0);
    const typical = mostCommon(heights);
    if (typical !== undefined) {
      measured.current = true;
      setRowHeight(typical);
    }
  }, [bodyRef, renderedRows, setRowHeight]);
}

/**
 * Where the body starts in the page, in pixels from the top: the virtualiser counts rows from there. Read again
 * whenever the page changes size, as when the download's progress or outcome above the table appears or grows.
 */
function useTopInPage(bodyRef: RefObject<HTMLTableSectionElement | null>): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const measure = (): void => {
      const body = bodyRef.current;
      if (body !== null) {
        const measured = body.getBoundingClientRect().top + window.scrollY;
        setTop((previous) => (Math.abs(previous - measured) >= 1 ? measured : previous));
      }
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [bodyRef]);
  return top;
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
