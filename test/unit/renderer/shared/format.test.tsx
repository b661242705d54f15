import { describe, expect, it } from 'vitest';
import {
  NOT_RECORDED,
  describeContentType,
  formatCalendarDate,
  formatDocuments,
  formatFetchedAt,
  formatMegabytes,
  formatUploadedAt,
} from '../../../../renderer/src/shared/format.js';

// Dates are shown in local time; instants written without a zone are read as local time, so these hold in any zone.
describe('shared formatting', () => {
  it('writes an upload date in en-GB words, or "Not recorded"', () => {
    expect(formatUploadedAt('2026-11-27T12:00:00')).toBe('27 November 2026, 12:00');
    expect(formatUploadedAt(undefined)).toBe(NOT_RECORDED);
    expect(formatUploadedAt('not a date')).toBe(NOT_RECORDED);
  });

  it('says when the list was fetched', () => {
    expect(formatFetchedAt('2026-11-27T21:40:00')).toBe('List fetched at 21:40 on 27 November 2026');
    expect(formatFetchedAt('')).toBe('List fetched at an unknown time');
  });

  it('names content types, keeps unknown ones as recorded, and says "Unknown" for none', () => {
    expect(describeContentType('application/pdf')).toBe('PDF');
    expect(describeContentType('IMAGE/JPEG; charset=binary')).toBe('JPEG image');
    expect(describeContentType('application/x-custom')).toBe('application/x-custom');
    expect(describeContentType(undefined)).toBe('Unknown');
  });

  it('counts documents and sizes the way the views say them', () => {
    expect(formatDocuments(1)).toBe('1 document');
    expect(formatDocuments(1470)).toBe('1,470 documents');
    expect(formatMegabytes(0)).toBe('0 MB');
    expect(formatMegabytes(1000)).toBe('less than 0.1 MB');
    expect(formatMegabytes(13_107_200)).toBe('12.5 MB');
  });

  it('writes a calendar date as it is, whatever the time zone', () => {
    expect(formatCalendarDate('1961-03-03')).toBe('3 March 1961');
    expect(formatCalendarDate('2024-11-09T23:30:00+00:00')).toBe('9 November 2024');
    expect(formatCalendarDate(null)).toBe(NOT_RECORDED);
    expect(formatCalendarDate('unknown')).toBe(NOT_RECORDED);
  });
});
