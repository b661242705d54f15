/**
 * The box a document is shown in: it scrolls when the document is zoomed past its width, and it gives the scroll
 * back to the ZIP view when the document closes, so the place is kept.
 */
import { type ReactNode, type RefObject, useEffect, useRef } from 'react';
import type { ViewerPlace } from './viewer-place.js';

/** The width a document is fitted to when the frame has no width (not laid out yet), in CSS pixels. */
const FALLBACK_WIDTH = 900;
/** The frame's padding on both sides (app.css .app-viewer__frame). */
const FRAME_PADDING = 32;

/** The width inside the frame, which "Fit to width" fits a page or image to. */
export function frameWidth(frame: HTMLElement | null): number {
  const width = frame?.clientWidth ?? 0;
  return width > FRAME_PADDING ? width - FRAME_PADDING : FALLBACK_WIDTH;
}

export interface ViewerFrameProps {
  readonly boxRef: RefObject<HTMLDivElement | null>;
  /** True once the document is drawn: the scroll is put back then, when there is something to scroll. */
  readonly ready: boolean;
  readonly place: ViewerPlace;
  readonly onPlaceChange: (place: ViewerPlace) => void;
  readonly children: ReactNode;
}

/**
 * A focusable scrolling region (so keyboard users can scroll it too) around the page or image. The scroll is noted
 * as it happens: by the time an effect's cleanup runs the frame has left the page, and a detached element reads 0.
 */
export function ViewerFrame({ boxRef, ready, place, onPlaceChange, children }: ViewerFrameProps) {
  const latest = useRef({ place, onPlaceChange });
  const restored = useRef(false);
  const scrolled = useRef({ scrollTop: place.scrollTop, scrollLeft: place.scrollLeft });
  useEffect(() => {
    latest.current = { place, onPlaceChange };
  }, [place, onPlaceChange]);
  useEffect(() => {
    const box = boxRef.current;
    if (ready && !restored.current && box !== null) {
      restored.current = true;
      box.scrollTop = latest.current.place.scrollTop;
      box.scrollLeft = latest.current.place.scrollLeft;
    }
  }, [boxRef, ready]);
  useEffect(
    () => () => {
      if (restored.current) {
        latest.current.onPlaceChange({ ...latest.current.place, ...scrolled.current });
      }
    },
    [],
  );
  function noteScroll(): void {
    const box = boxRef.current;
    // Scrolls before the place is put back (the browser clamping an empty frame) are not the user's.
    if (box !== null && restored.current) {
      scrolled.current = { scrollTop: box.scrollTop, scrollLeft: box.scrollLeft };
    }
  }
  return (
    <div className="app-viewer__frame" ref={boxRef} role="region" aria-label="Document shown" tabIndex={0} onScroll={noteScroll}>
      {children}
    </div>
  );
}
