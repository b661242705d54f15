/** An NHS small checkbox for a table cell: the box only, its label there for screen readers. */
import { useEffect, useRef } from 'react';

export interface TableCheckboxProps {
  readonly id: string;
  /** The accessible name, e.g. "Select Discharge letter.pdf". */
  readonly label: string;
  readonly checked: boolean;
  /** Some but not all of what the box stands for is selected ("Select all" with some rows selected). */
  readonly mixed?: boolean;
  readonly onChange: () => void;
}

export function TableCheckbox({ id, label, checked, mixed = false, onChange }: TableCheckboxProps) {
  const ref = useRef<HTMLInputElement>(null);
  // Only the DOM property sets the mixed state; there is no attribute for it.
  useEffect(() => {
    if (ref.current !== null) {
      ref.current.indeterminate = mixed;
    }
  }, [mixed]);
  return (
    <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
      <div className="nhsuk-checkboxes__item app-table-checkbox">
        <input ref={ref} className="nhsuk-checkboxes__input" id={id} type="checkbox" checked={checked} onChange={onChange} />
        <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
          <span className="nhsuk-u-visually-hidden">{label}</span>
        </label>
      </div>
    </div>
  );
}
