/**
 * Words for the record PDF's index in a form the standard fonts can draw: characters outside the font's set
 * replaced, lines wrapped to a width, and dates, types and people written the way the app writes them on screen.
 */
import type { PDFFont } from 'pdf-lib';
import { formatNhsNumber } from '../../../common/nhs-number.js';
import { mediaTypeOf } from '../../../common/media-types.js';

/** Who saved the record: the signed-in person in their role, or a name as the caller words it. */
export type SavedBy = { readonly name: string; readonly roleName: string; readonly orgName: string; readonly odsCode: string } | string;

const REPLACEMENT = '?';

/**
 * The text with every character the font cannot draw replaced, and line breaks and tabs made spaces. The standard
 * fonts encode WinAnsi only, and pdf-lib throws on anything else (a Polish or Greek letter in a file name, say).
 */
export function drawable(font: PDFFont, text: string): string {
  const supported = characterSet(font);
  let result = '';
  for (const character of text.replace(/[\t\r\n]+/gu, ' ')) {
    result += supported.has(character.codePointAt(0) ?? 0) ? character : REPLACEMENT;
  }
  return result;
}

const characterSets = new WeakMap<PDFFont, ReadonlySet<number>>();

function characterSet(font: PDFFont): ReadonlySet<number> {
  let set = characterSets.get(font);
  if (set === undefined) {
    set = new Set(font.getCharacterSet());
    characterSets.set(font, set);
  }
  return set;
}

/** Breaks drawable text into lines no wider than `width`, at spaces where it can and inside a long word where it must. */
export function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
  const fits = (line: string) => font.widthOfTextAtSize(line, size) <= width;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line !== '') {
      lines.push(line);
    }
    line = '';
    for (const character of word) {
      if (line !== '' && !fits(line + character)) {
        lines.push(line);
        line = '';
      }
      line += character;
    }
  }
  if (line !== '' || lines.length === 0) {
    lines.push(line);
  }
  return lines;
}

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' });
const DAY_AND_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** "3 Dec 2026" in UK time; "Date not known" when the document has none or it cannot be read. */
export function documentDate(iso: string | null): string {
  const time = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isNaN(time) ? 'Date not known' : DAY.format(time);
}

/** "3 December 2026, 14:05" in UK time. */
export function savedAtText(savedAt: Date): string {
  return DAY_AND_TIME.format(savedAt);
}

/** "Alex Morgan, GP admin, Riverside Medical Centre (A81001)". */
export function savedByText(savedBy: SavedBy): string {
  return typeof savedBy === 'string' ? savedBy : `${savedBy.name}, ${savedBy.roleName}, ${savedBy.orgName} (${savedBy.odsCode})`;
}

export function nhsNumberText(nhsNumber: string): string {
  return formatNhsNumber(nhsNumber);
}

const TYPE_WORDS: ReadonlyMap<string, string> = new Map([
  ['application/pdf', 'PDF'],
  ['image/png', 'PNG image'],
  ['image/jpeg', 'JPEG image'],
  ['image/gif', 'GIF image'],
  ['image/tiff', 'TIFF image'],
  ['image/webp', 'WebP image'],
  ['text/plain', 'Text file'],
]);

/** The kind of document in words, from its entry name's extension and then its stored content type. */
export function documentTypeText(name: string, contentType: string | null): string {
  const type = mediaTypeOf(name) ?? contentType?.split(';')[0]?.trim().toLowerCase() ?? null;
  if (type === null || type === '') {
    return 'Other file';
  }
  return TYPE_WORDS.get(type) ?? 'Other file';
}
