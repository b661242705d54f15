/**
 * One tab stop for a whole virtualised table of buttons (a roving tabindex): Tab reaches the table once, the arrow
 * keys move between rows (up, down, Page Up, Page Down, Home, End) and between a row's buttons (left, right).
 *
 * Each button carries `data-cell="row:column"`; only the active one has tabIndex 0. Moving to a row not rendered yet
 * scrolls it into view first, and focus follows once it is rendered.
 */
import { type KeyboardEvent, type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import type { VirtualTableHandle } from '../../shared/virtual-table-body.js';

export interface Cell {
  readonly row: number;
  readonly column: number;
}

const PAGE_ROWS = 10;
/** Frames to wait for a row scrolled to to be rendered. */
const FOCUS_TRIES = 10;

export interface RovingCells {
  /** 0 for the active button, -1 for every other. */
  readonly tabIndexOf: (cell: Cell) => 0 | -1;
  /** For each button's onFocus: a click or Tab makes it the active one. */
  readonly activate: (cell: Cell) => void;
  /** For the keydown of the element around the table. */
  readonly onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  readonly containerRef: RefObject<HTMLDivElement | null>;
  readonly tableRef: RefObject<VirtualTableHandle | null>;
}

/** `columnsIn(row)`: how many buttons the row has (at least one). */
export function useRovingCells(rowCount: number, columnsIn: (row: number) => number): RovingCells {
  const [active, setActive] = useState<Cell>({ row: 0, column: 0 });
  const containerRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<VirtualTableHandle>(null);
  const focusPending = useRef(false);
  const activeSelector = useRef('[data-cell="0:0"]');

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) {
      return undefined;
    }
    const selector = `[data-cell="${active.row}:${active.column}"]`;
    // The table renders the rows a scroll brings into view on its own, after this: look again for a few frames.
    let frame = 0;
    let tries = 0;
    const focusWhenRendered = (): void => {
      const target = container.querySelector<HTMLElement>(selector);
      if (target !== null) {
        focusPending.current = false;
        target.focus();
      } else if (tries < FOCUS_TRIES) {
        tries += 1;
        frame = requestAnimationFrame(focusWhenRendered);
      }
    };
    if (focusPending.current) {
      focusWhenRendered();
    }
    activeSelector.current = selector;
    keepOneStop(container, selector);
    return () => cancelAnimationFrame(frame);
  });

  // The table renders the rows a scroll brings into view without this hook's owner rendering again: each time its
  // rows change, make sure one of them can still be reached by Tab.
  useEffect(() => {
    const container = containerRef.current;
    if (container === null) {
      return undefined;
    }
    const observer = new MutationObserver(() => keepOneStop(container, activeSelector.current));
    observer.observe(container, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);

  const tabIndexOf = useCallback((cell: Cell) => (cell.row === active.row && cell.column === active.column ? 0 : -1), [active]);
  const activate = useCallback((cell: Cell) => setActive((current) => (current.row === cell.row && current.column === cell.column ? current : cell)), []);

  function onKeyDown(event: KeyboardEvent<HTMLElement>): void {
    const from = cellOf(event.target);
    if (from === null || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const last = rowCount - 1;
    const rows: Readonly<Record<string, number>> = {
      ArrowDown: Math.min(last, from.row + 1),
      ArrowUp: Math.max(0, from.row - 1),
      PageDown: Math.min(last, from.row + PAGE_ROWS),
      PageUp: Math.max(0, from.row - PAGE_ROWS),
      Home: 0,
      End: last,
    };
    let next: Cell | null = null;
    const row = rows[event.key];
    if (row !== undefined) {
      next = { row, column: Math.min(from.column, columnsIn(row) - 1) };
    } else if (event.key === 'ArrowRight') {
      next = { row: from.row, column: Math.min(columnsIn(from.row) - 1, from.column + 1) };
    } else if (event.key === 'ArrowLeft') {
      next = { row: from.row, column: Math.max(0, from.column - 1) };
    }
    if (next === null) {
      return;
    }
    event.preventDefault();
    if (next.row === from.row && next.column === from.column) {
      return;
    }
    focusPending.current = true;
    tableRef.current?.scrollToIndex(next.row);
    setActive(next);
  }

  return { tabIndexOf, activate, onKeyDown, containerRef, tableRef };
}

/**
 * Exactly one tab stop among the rendered buttons: the active one when it is rendered; otherwise (Tab past the table
 * scrolls it out) the first rendered, so Tab and Shift+Tab still stop at the table. A stand-in made earlier is
 * dropped once the active button is back, since React does not reset an attribute whose prop has not changed.
 */
function keepOneStop(container: HTMLElement, activeSelector: string): void {
  const active = container.querySelector<HTMLElement>(activeSelector);
  const stop = active ?? container.querySelector<HTMLElement>('[data-cell][tabindex="0"]') ?? container.querySelector<HTMLElement>('[data-cell]');
  for (const other of container.querySelectorAll<HTMLElement>('[data-cell][tabindex="0"]')) {
    if (other !== stop) {
      other.setAttribute('tabindex', '-1');
    }
  }
  stop?.setAttribute('tabindex', '0');
}

function cellOf(target: EventTarget): Cell | null {
  const value = target instanceof HTMLElement ? target.dataset.cell : undefined;
  const match = value === undefined ? null : /^(\d+):(\d+)$/u.exec(value);
  return match === null ? null : { row: Number(match[1]), column: Number(match[2]) };
}
