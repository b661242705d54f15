/** The frame of a page that waits on main: its heading (focused, and the window's title), what it waits for, and Cancel. */
import type { ReactNode } from 'react';
import { useDocumentTitle, useFocusOnMount } from './use-focus.js';

export interface WaitingViewProps {
  readonly title: string;
  readonly onCancel: () => void;
  readonly children: ReactNode;
}

/** A waiting page: the h1 takes focus so keyboard and screen-reader users land on it; Cancel is always last. */
export function WaitingView({ title, onCancel, children }: WaitingViewProps) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  useDocumentTitle(title);
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        {title}
      </h1>
      {children}
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
        Cancel
      </button>
    </>
  );
}
