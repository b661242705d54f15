/**
 * Printing one document: its pages as images in a print-only area at the end of the body. While it is there the
 * body carries `app-printing`, and the print stylesheet (app.css) hides everything else, so the printout is the
 * document and nothing of the app around it.
 */
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';

export interface PrintPagesProps {
  /** The document's name, for the images' text alternative. */
  readonly name: string;
  /** One image (a blob: URL) per page, in order. */
  readonly pages: ReadonlyArray<string>;
  /** Called once the print dialog has closed (window.print returns then). */
  readonly onPrinted: () => void;
}

/** The pages, printed as soon as they are decoded; the area leaves the page when the owner stops rendering it. */
export function PrintPages({ name, pages, onPrinted }: PrintPagesProps) {
  const areaRef = useRef<HTMLDivElement>(null);
  const printed = useRef(onPrinted);
  useEffect(() => {
    printed.current = onPrinted;
  }, [onPrinted]);
  useEffect(() => {
    let current = true;
    document.body.classList.add('app-printing');
    const images = [...(areaRef.current?.querySelectorAll('img') ?? [])];
    // async: where decode() is missing or throws, the page is printed as it is.
    void Promise.allSettled(images.map(async (image) => image.decode())).then(() => {
      if (current) {
        window.print();
        printed.current();
      }
    });
    return () => {
      current = false;
      document.body.classList.remove('app-printing');
    };
  }, [pages]);
  return createPortal(
    <div className="app-print-area" ref={areaRef}>
      {pages.map((url, index) => (
        <img key={url} src={url} className="app-print-area__page" alt={`Page ${index + 1} of ${pages.length} of ${name}`} />
      ))}
    </div>,
    document.body,
  );
}
