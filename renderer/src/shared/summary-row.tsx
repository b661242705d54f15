/** One row of an NHS summary list: a term and its value. */
import type { ReactNode } from 'react';

export function SummaryRow({ term, value }: { readonly term: string; readonly value: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{term}</dt>
      <dd className="nhsuk-summary-list__value">{value}</dd>
    </div>
  );
}
