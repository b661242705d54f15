/**
 * The one table of media types by file extension: for the files the app serves to its window (the app:// scheme and
 * the web preview) and for the documents inside archived ZIPs.
 */

const MEDIA_TYPES: ReadonlyMap<string, string> = new Map([
  ['html', 'text/html'],
  ['js', 'text/javascript'],
  ['mjs', 'text/javascript'],
  ['css', 'text/css'],
  ['json', 'application/json'],
  ['map', 'application/json'],
  ['txt', 'text/plain'],
  ['svg', 'image/svg+xml'],
  ['pdf', 'application/pdf'],
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['jpe', 'image/jpeg'],
  ['jfif', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['webp', 'image/webp'],
  ['tif', 'image/tiff'],
  ['tiff', 'image/tiff'],
  ['ico', 'image/x-icon'],
  ['woff', 'font/woff'],
  ['woff2', 'font/woff2'],
  ['ttf', 'font/ttf'],
]);

// The app's own text files are UTF-8; a browser must not guess another encoding.
const TEXT_TYPES: ReadonlySet<string> = new Set(['text/html', 'text/javascript', 'text/css', 'application/json', 'text/plain']);

/** The media type of a file or ZIP entry name by its extension (either path separator); null when unknown. */
export function mediaTypeOf(name: string): string | null {
  const extension = /\.([^./\\]+)$/u.exec(name)?.[1]?.toLowerCase() ?? '';
  return MEDIA_TYPES.get(extension) ?? null;
}

/** The Content-Type header for one of the app's own files: text declared UTF-8, unknown types as bytes. */
export function contentTypeHeaderOf(file: string): string {
  const type = mediaTypeOf(file);
  if (type === null) {
    return 'application/octet-stream';
  }
  return TEXT_TYPES.has(type) ? `${type}; charset=utf-8` : type;
}
