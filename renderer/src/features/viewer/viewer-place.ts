/**
 * Where the user is in one document: its zoom, rotation, page and scroll. The ZIP view keeps one per document while
 * the ZIP is open, so going back to a document finds it as it was left.
 */

export type Rotation = 0 | 90 | 180 | 270;

export interface ViewerPlace {
  /** Percent of the viewer's width: 100 fits the page or image to the width. */
  readonly zoom: number;
  /** Degrees clockwise, on top of the document's own orientation. */
  readonly rotation: Rotation;
  /** 1-based; always 1 for an image. */
  readonly page: number;
  readonly scrollTop: number;
  readonly scrollLeft: number;
}

export const FIRST_PLACE: ViewerPlace = { zoom: 100, rotation: 0, page: 1, scrollTop: 0, scrollLeft: 0 };

/** The zoom levels "Zoom in" and "Zoom out" step through. */
export const ZOOM_STEPS: ReadonlyArray<number> = [50, 75, 100, 125, 150, 200, 300];

export function zoomedIn(zoom: number): number {
  return ZOOM_STEPS.find((step) => step > zoom) ?? zoom;
}

export function zoomedOut(zoom: number): number {
  return ZOOM_STEPS.findLast((step) => step < zoom) ?? zoom;
}

export function rotatedRight(rotation: Rotation): Rotation {
  return ((rotation + 90) % 360) as Rotation;
}
