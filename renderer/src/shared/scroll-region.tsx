/** A named, keyboard-scrollable region around a long table. */
import { type ReactNode, useState } from 'react';

export interface ScrollRegionProps {
  /** The id of the element that names the region (the table caption). */
  readonly labelledBy: string;
  /** Renders the content, given the scrolling element (null until it is in the page). */
  readonly children: (scrollElement: HTMLElement | null) => ReactNode;
}

/**
 * A named, keyboard-focusable scrolling region: once it has focus, arrow and page keys scroll it (WCAG 2.1.1).
 *
 * The element is kept in state (a callback ref) rather than read from a ref during render, so the content renders
 * again once the element exists.
 */
export function ScrollRegion({ labelledBy, children }: ScrollRegionProps) {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  return (
    <div ref={setElement} className="app-table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children(element)}
    </div>
  );
}
