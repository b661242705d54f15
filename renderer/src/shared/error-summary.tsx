/** The NHS error summary box; its links are FocusLinks (shared/focus-link.tsx). */
import { type ReactNode, useEffect, useRef } from 'react';

export interface ErrorSummaryProps {
  readonly children: ReactNode;
  readonly title?: string;
  /** Take focus when shown (and again when `focusKey` changes), as for errors the user just caused. */
  readonly autoFocus?: boolean;
  readonly focusKey?: unknown;
  readonly id?: string;
}

/** The NHS error summary: "There is a problem" and what to do; the alert role makes screen readers announce it. */
export function ErrorSummary({ children, title = 'There is a problem', autoFocus = false, focusKey = null, id }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (autoFocus) {
      ref.current?.focus();
    }
  }, [autoFocus, focusKey]);
  return (
    <div className="nhsuk-error-summary" ref={ref} tabIndex={-1} id={id}>
      {/* role=alert sits on a child, as in the NHS template, so moving focus does not cut the announcement short. */}
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading">{title}</h2>
        <div className="nhsuk-error-summary__body">{children}</div>
      </div>
    </div>
  );
}
