/** Entry-name rules for ZIPs read offline: which names are unsafe, and which content the app can show. */

const CLIMBING_SEGMENT = /^\.\.[. ]*$/u;
const DRIVE = /^[A-Za-z]:/u;

// Windows drops trailing dots and spaces from a path segment, so ".. " and "..." climb like "..".
/** Why a name would escape the folder it is extracted into; undefined when it is safe. Backslashes count as separators. */
export function unsafeNameReason(name: string): string | undefined {
  if (name === '' || name.includes('\0')) {
    return 'it has an empty or invalid name';
  }
  const path = name.replaceAll('\\', '/');
  if (path.startsWith('/')) {
    return 'it is an absolute path';
  }
  if (DRIVE.test(path)) {
    return 'it names a drive';
  }
  if (path.split('/').some((segment) => CLIMBING_SEGMENT.test(segment))) {
    return 'it climbs out of its folder with ".."';
  }
  return undefined;
}

/** True for a folder entry. */
export function isDirectoryName(name: string): boolean {
  return name.endsWith('/') || name.endsWith('\\');
}

// What Chromium shows natively; TIFF scans need converting first, so they are listed but not viewable.
const VIEWABLE_TYPES: ReadonlySet<string> = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** True when the app can show this content type. */
export function isViewable(contentType: string | null): boolean {
  return contentType !== null && VIEWABLE_TYPES.has(contentType);
}
