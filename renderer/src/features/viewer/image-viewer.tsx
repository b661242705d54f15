/** An image document from inside a ZIP, shown in the viewer with zoom, rotation and print. */
import { type CSSProperties, useCallback, useRef, useState } from 'react';
import type { ArchiveDocument } from '../../../../common/archive.js';
import { base64ToBytes } from './base64.js';
import { PrintPages } from './print-pages.js';
import { ViewerFrame } from './viewer-frame.js';
import type { Rotation, ViewerPlace } from './viewer-place.js';
import { ViewerToolbar } from './viewer-toolbar.js';

export interface ImageViewerProps {
  readonly document: ArchiveDocument;
  readonly place: ViewerPlace;
  readonly onPlaceChange: (place: ViewerPlace) => void;
}

/**
 * An image from inside a ZIP, shown through a blob: URL (the CSP's img-src allows blob:), with its file name as the
 * text alternative. The URL is revoked when the image goes. Zoom is a share of the frame's width; a quarter turn
 * sizes the box to the turned image, so it fits the width as the upright one does.
 */
export function ImageViewer({ document, place, onPlaceChange }: ImageViewerProps) {
  const [natural, setNatural] = useState<{ readonly width: number; readonly height: number } | null>(null);
  const [printing, setPrinting] = useState<string | null>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const show = useCallback(
    (image: HTMLImageElement | null) => {
      if (image === null) {
        return undefined;
      }
      const url = URL.createObjectURL(imageBlob(document));
      image.src = url;
      return () => {
        image.removeAttribute('src');
        URL.revokeObjectURL(url);
      };
    },
    [document],
  );
  const layout = imageLayout(place.zoom, place.rotation, natural);

  async function print(): Promise<void> {
    setPrinting(await printableImage(document, place.rotation));
  }
  function printed(): void {
    if (printing !== null) {
      URL.revokeObjectURL(printing);
    }
    setPrinting(null);
  }

  return (
    <>
      <ViewerToolbar place={place} onChange={onPlaceChange} onPrint={() => void print()} printing={printing !== null} />
      <ViewerFrame boxRef={frameRef} ready={natural !== null} place={place} onPlaceChange={onPlaceChange}>
        <div className="app-viewer__turn" style={layout.box}>
          <img
            ref={show}
            alt={document.name}
            className="app-viewer__image"
            style={layout.image}
            data-rotation={place.rotation}
            onLoad={(event) => setNatural({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
          />
        </div>
      </ViewerFrame>
      {printing === null ? null : <PrintPages name={document.name} pages={[printing]} onPrinted={printed} />}
    </>
  );
}

function imageBlob(document: ArchiveDocument): Blob {
  return new Blob([base64ToBytes(document.base64)], { type: document.contentType ?? 'application/octet-stream' });
}

/**
 * The box takes the zoomed width and the turned image's proportions; the image sits in its middle, turned. Before
 * the image has loaded its proportions are not known, and it is shown upright at the zoomed width.
 */
export function imageLayout(
  zoom: number,
  rotation: Rotation,
  natural: { readonly width: number; readonly height: number } | null,
): { readonly box: CSSProperties; readonly image: CSSProperties } {
  if (natural === null || natural.width === 0 || natural.height === 0) {
    return { box: { width: `${zoom}%` }, image: { width: '100%' } };
  }
  const quarter = rotation === 90 || rotation === 270;
  const aspect = quarter ? `${natural.height} / ${natural.width}` : `${natural.width} / ${natural.height}`;
  return {
    box: { width: `${zoom}%`, aspectRatio: aspect },
    image: {
      position: 'absolute',
      left: '50%',
      top: '50%',
      width: quarter ? `${(100 * natural.width) / natural.height}%` : '100%',
      transform: `translate(-50%, -50%) rotate(${rotation}deg)`,
    },
  };
}

/**
 * The image as it is shown, turned, for printing: drawn on a canvas when it is turned, the file itself otherwise (or
 * when the canvas cannot be drawn on).
 */
async function printableImage(document: ArchiveDocument, rotation: Rotation): Promise<string> {
  const blob = imageBlob(document);
  if (rotation === 0) {
    return URL.createObjectURL(blob);
  }
  try {
    const bitmap = await createImageBitmap(blob);
    const quarter = rotation === 90 || rotation === 270;
    const canvas = window.document.createElement('canvas');
    canvas.width = quarter ? bitmap.height : bitmap.width;
    canvas.height = quarter ? bitmap.width : bitmap.height;
    const context = canvas.getContext('2d');
    if (context === null) {
      return URL.createObjectURL(blob);
    }
    context.translate(canvas.width / 2, canvas.height / 2);
    context.rotate((rotation * Math.PI) / 180);
    context.drawImage(bitmap, -bitmap.width / 2, -bitmap.height / 2);
    bitmap.close();
    const turned = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    return URL.createObjectURL(turned ?? blob);
  } catch {
    return URL.createObjectURL(blob);
  }
}
