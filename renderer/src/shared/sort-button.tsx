/** A column header's sort button; the th's aria-sort (table-parts Column.sorted) says which way to assistive technology. */

export interface SortButtonProps {
  readonly text: string;
  /** The way the table is sorted by this column; undefined when it is sorted by another. */
  readonly sorted: 'ascending' | 'descending' | undefined;
  readonly onSort: () => void;
}

/** "Patient ▲": sorts by its column; the arrow shows the direction to sighted users. */
export function SortButton({ text, sorted, onSort }: SortButtonProps) {
  const arrow = sorted === undefined ? '' : sorted === 'ascending' ? ' ▲' : ' ▼';
  return (
    <button type="button" className="app-sort-button" onClick={onSort}>
      {text}
      <span aria-hidden="true">{arrow}</span>
    </button>
  );
}
