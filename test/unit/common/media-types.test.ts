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

  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['chunk.js', 'text/javascript; charset=utf-8'],
    ['worker.mjs', 'text/javascript; charset=utf-8'],
    ['app.css', 'text/css; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    ['chunk.js.map', 'application/json; charset=utf-8'],
    ['notes.txt', 'text/plain; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['letter.pdf', 'application/pdf'],
    ['scan.png', 'image/png'],
    ['photo.jpg', 'image/jpeg'],
    ['photo.jpeg', 'image/jpeg'],
    ['photo.jpe', 'image/jpeg'],
    ['photo.jfif', 'image/jpeg'],
    ['anim.gif', 'image/gif'],
    ['image.webp', 'image/webp'],
    ['scan.tif', 'image/tiff'],
    ['scan.tiff', 'image/tiff'],
    ['favicon.ico', 'image/x-icon'],
    ['font.woff', 'font/woff'],
    ['font.woff2', 'font/woff2'],
    ['font.ttf', 'font/ttf'],
  ])('serves %s as %s', (file, header) => {
    expect(contentTypeHeaderOf(file)).toBe(header);
  });

  it('declares the app\'s text files UTF-8 and serves unknown files as bytes', () => {
    expect(contentTypeHeaderOf('/app/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeHeaderOf('assets/index.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeHeaderOf('assets/logo.svg')).toBe('image/svg+xml');
    expect(contentTypeHeaderOf('assets/font.woff2')).toBe('font/woff2');
    expect(contentTypeHeaderOf('assets/blob.bin')).toBe('application/octet-stream');
  });
});
