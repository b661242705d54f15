/**
 * Pure formatting that several features show: dates in en-GB local time, content types, counts and sizes in words.
 *
 * No React and no DOM here, so every rule can be unit-tested on its own.
 */

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
/** For calendar dates (a birth date, a date of death): read and written in UTC, so no time zone moves the day. */
const CALENDAR_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const COUNT = new Intl.NumberFormat('en-GB');
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** What a missing or unreadable date shows as. */
export const NOT_RECORDED = 'Not recorded';

/** Parses an ISO instant; undefined when absent or not a date. */
function toDate(iso: string | undefined): Date | undefined {
  if (iso === undefined) {
    return undefined;
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "27 November 2026, 21:40" in local time, or "Not recorded". */
export function formatUploadedAt(iso: string | undefined): string {
  const date = toDate(iso);
  return date === undefined ? NOT_RECORDED : `${DATE.format(date)}, ${TIME.format(date)}`;
}

/** "14:32": the 24-hour time of day, in local time. */
export function formatTimeOfDay(date: Date): string {
  return TIME.format(date);
}

/** "List fetched at 21:40 on 27 November 2026" in local time. */
export function formatFetchedAt(iso: string): string {
  const date = toDate(iso);
  return date === undefined ? 'List fetched at an unknown time' : `List fetched at ${TIME.format(date)} on ${DATE.format(date)}`;
}

/** A calendar date ("1961-03-03", as PDS gives birth dates) as "3 March 1961"; "Not recorded" when absent or not a date. */
export function formatCalendarDate(isoDate: string | null | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/u.exec(isoDate ?? '');
  if (match === null) {
    return NOT_RECORDED;
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? NOT_RECORDED : CALENDAR_DATE.format(date);
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/jpg': 'JPEG image',
  'image/tiff': 'TIFF image',
  'image/gif': 'GIF image',
  'image/bmp': 'BMP image',
  'image/webp': 'WebP image',
  'text/plain': 'Text',
  'text/rtf': 'Rich text document',
  'application/rtf': 'Rich text document',
  'application/msword': 'Word document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.ms-excel': 'Excel spreadsheet',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel spreadsheet',
  'application/xml': 'XML document',
  'text/xml': 'XML document',
};

/**
 * A content type in words: "PDF", "PNG image", "JPEG image", … or "Unknown" when none was recorded.
 *
 * A type the table does not know is shown as recorded, which tells the reader more than "Unknown" would.
 */
export function describeContentType(contentType: string | undefined): string {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === '') {
    return 'Unknown';
  }
  return CONTENT_TYPES[mediaType] ?? mediaType;
}

/** "1,470". */
export function formatCount(count: number): string {
  return COUNT.format(count);
}

/** "1 document", "12 documents". */
export function formatDocuments(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'document' : 'documents'}`;
}

const BYTES_PER_MEGABYTE = 1_048_576;

/**
 * Bytes as megabytes with one decimal: "0 MB", "less than 0.1 MB", "12.5 MB".
 *
 * Binary megabytes (1,048,576 bytes), so the figure matches the size Windows Explorer shows for the saved file.
 */
export function formatMegabytes(bytes: number): string {
  if (bytes <= 0) {
    return '0 MB';
  }
  const megabytes = bytes / BYTES_PER_MEGABYTE;
  return megabytes < 0.05 ? 'less than 0.1 MB' : `${ONE_DECIMAL.format(megabytes)} MB`;
}
