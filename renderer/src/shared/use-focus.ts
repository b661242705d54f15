/** Hooks every view uses to say where the page changed: focus on mount, and the window title. */
import { type RefObject, useEffect, useRef, useState } from 'react';

/**
 * A ref whose element takes focus when it mounts, and again whenever `key` changes.
 *
 * Used for the h1 of each view and for error summaries, so keyboard and screen-reader users land where the page
 * changed. The element needs tabIndex={-1} unless it is focusable anyway.
 */
export function useFocusOnMount<T extends HTMLElement>(key: unknown = null): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [key]);
  return ref;
}

/**
 * A ref for a view's h1 that takes focus when the view mounts, unless the view mounts with an error summary: the
 * summary (which focuses itself) is then where the user should land.
 */
export function useHeadingFocus<T extends HTMLElement>(mountsWithError: boolean): RefObject<T | null> {
  const ref = useRef<T>(null);
  const [focusHeading] = useState(!mountsWithError);
  useEffect(() => {
    if (focusHeading) {
      ref.current?.focus();
    }
  }, [focusHeading]);
  return ref;
}

/** Sets the window title while a view is shown: screen readers announce it, and it names the view in the taskbar. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – Document Store Desktop`;
  }, [title]);
}
