/** The viewer's controls for the document shown: zoom out and in, fit to width, rotate, and print. */
import { assertNever } from '../../shared/assert-never.js';
import { type Rotation, type ViewerPlace, ZOOM_STEPS, rotatedRight, zoomedIn, zoomedOut } from './viewer-place.js';

export interface ViewerToolbarProps {
  readonly place: ViewerPlace;
  readonly onChange: (place: ViewerPlace) => void;
  readonly onPrint: () => void;
  /** True while the pages are being got ready for printing. */
  readonly printing: boolean;
}

/**
 * A toolbar of small secondary buttons; the zoom and any turn are said in words beside them ("Zoom 125%", "Turned
 * upside down"), in live text, so someone who cannot see the page hears what a button did.
 */
export function ViewerToolbar({ place, onChange, onPrint, printing }: ViewerToolbarProps) {
  const button = 'nhsuk-button nhsuk-button--secondary nhsuk-button--small';
  return (
    <div className="app-viewer__toolbar" role="toolbar" aria-label="View the document">
      <button type="button" className={button} disabled={place.zoom <= (ZOOM_STEPS[0] ?? place.zoom)} onClick={() => onChange({ ...place, zoom: zoomedOut(place.zoom) })}>
        Zoom out
      </button>
      <p className="app-viewer__zoom" aria-live="polite">
        {place.zoom === 100 ? 'Fitted to width' : `Zoom ${place.zoom}%`}
      </p>
      <button type="button" className={button} disabled={place.zoom >= (ZOOM_STEPS.at(-1) ?? place.zoom)} onClick={() => onChange({ ...place, zoom: zoomedIn(place.zoom) })}>
        Zoom in
      </button>
      <button type="button" className={button} disabled={place.zoom === 100} onClick={() => onChange({ ...place, zoom: 100 })}>
        Fit to width
      </button>
      <button type="button" className={button} onClick={() => onChange({ ...place, rotation: rotatedRight(place.rotation) })}>
        Rotate<span className="nhsuk-u-visually-hidden"> a quarter turn clockwise</span>
      </button>
      <button type="button" className={button} disabled={printing} onClick={onPrint}>
        {printing ? 'Getting it ready to print…' : 'Print'}
      </button>
      <p className="app-viewer__zoom" aria-live="polite">
        {describeRotation(place.rotation)}
      </p>
    </div>
  );
}

/** The turn in words; nothing when the document is the right way up. */
export function describeRotation(rotation: Rotation): string {
  switch (rotation) {
    case 90:
      return 'Turned 90 degrees clockwise';
    case 180:
      return 'Turned upside down';
    case 270:
      return 'Turned 90 degrees anticlockwise';
    case 0:
      return '';
    default:
      return assertNever(rotation);
  }
}
