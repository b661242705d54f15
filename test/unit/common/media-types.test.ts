import { describe, expect, it } from 'vitest';
import { contentTypeHeaderOf, mediaTypeOf } from '../../../common/media-types.js';

describe('media types by extension', () => {
  it('reads the extension case-insensitively after either separator', () => {
    expect(mediaTypeOf('Scans\\Letter.PDF')).toBe('application/pdf');
    expect(mediaTypeOf('photos/x-ray.JPEG')).toBe('image/jpeg');
    expect(mediaTypeOf('no-extension')).toBeNull();
    expect(mediaTypeOf('folder.pdf/readme')).toBeNull();
    expect(mediaTypeOf('report.docx')).toBeNull();
  });

  it('declares the app\'s text files UTF-8 and serves unknown files as bytes', () => {
    expect(contentTypeHeaderOf('/app/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeHeaderOf('assets/index.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeHeaderOf('assets/logo.svg')).toBe('image/svg+xml');
    expect(contentTypeHeaderOf('assets/font.woff2')).toBe('font/woff2');
    expect(contentTypeHeaderOf('assets/blob.bin')).toBe('application/octet-stream');
  });
});
