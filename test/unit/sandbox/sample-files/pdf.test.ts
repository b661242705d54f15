// Structure checks for the synthetic PDF: header, xref offsets, stream lengths, page text and padding.

import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { samplePdf } from '../../../../main/sandbox/sample-files/pdf.js';

describe('samplePdf', () => {
  it('starts with a PDF 1.4 header and ends with %%EOF', () => {
    const pdf = samplePdf('Discharge summary');
    expect(pdf.subarray(0, 9).toString('latin1')).toBe('%PDF-1.4\n');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
  });

  it('has an xref table whose every offset points at its own object', () => {
    for (const pdf of [samplePdf('One'), samplePdf('Three', { pages: 3, paddingBytes: 5000 })]) {
      const { offsets } = readXref(pdf);
      offsets.forEach((offset, index) => {
        expect(pdf.subarray(offset, offset + 20).toString('latin1')).toMatch(new RegExp(`^${index + 1} 0 obj\\n`));
      });
    }
  });

  it('declares a trailer /Size covering every object', () => {
    const pdf = samplePdf('Sized', { pages: 2 });
    const { offsets } = readXref(pdf);
    expect(pdf.toString('latin1')).toContain(`/Size ${offsets.length + 1} /Root 1 0 R`);
    expect(countMatches(pdf.toString('latin1'), /^\d+ 0 obj$/gm)).toBe(offsets.length);
  });

  it('gives every stream a /Length equal to its real byte length', () => {
    const pdf = samplePdf('Lengths', { pages: 2, paddingBytes: 777 });
    const streams = readStreams(pdf);
    expect(streams).toHaveLength(3);
    for (const { declaredLength, data } of streams) {expect(data.length).toBe(declaredLength);}
  });

  it('makes one page per requested page, each with title, notice and page number', () => {
    const pdf = samplePdf('Clinic letter', { pages: 3 });
    const text = pdf.toString('latin1');
    expect(text).toContain('/Count 3');
    expect(countMatches(text, /\/Type \/Page /g)).toBe(3);
    const contents = readStreams(pdf).map((stream) => stream.data.toString('latin1'));
    contents.forEach((content, index) => {
      expect(content).toContain('(Clinic letter) Tj');
      expect(content).toContain('(Synthetic test document - not a real patient record) Tj');
      expect(content).toContain(`(Page ${index + 1} of 3) Tj`);
    });
  });

  it('uses standard Helvetica with WinAnsi encoding', () => {
    expect(samplePdf('Font').toString('latin1')).toContain(
      '/Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding',
    );
  });

  it('escapes string delimiters and Latin-1 letters, and replaces what WinAnsi cannot draw', () => {
    const content = readStreams(samplePdf('Zoë (x) \\ 😀 Ω\u0085')).at(0)?.data.toString('latin1');
    expect(content).toContain('(Zo\\353 \\(x\\) \\\\ ? ??) Tj');
  });

  it('keeps every byte of the content streams ASCII', () => {
    const content = readStreams(samplePdf('Ærø – 東京')).at(0)?.data ?? Buffer.alloc(0);
    expect([...content].every((byte) => byte < 0x80)).toBe(true);
  });

  it('adds an incompressible padding stream of exactly paddingBytes', () => {
    const small = samplePdf('Big', { pages: 1 });
    const padded = samplePdf('Big', { pages: 1, paddingBytes: 100_000 });
    const padding = readStreams(padded).at(-1)?.data ?? Buffer.alloc(0);
    expect(padding.length).toBe(100_000);
    expect(padded.length).toBeGreaterThan(small.length + 100_000);
    expect(deflateSync(padding).length).toBeGreaterThan(99_000);
  });

  it('is deterministic for the same arguments', () => {
    const options = { pages: 2, paddingBytes: 1234 };
    expect(samplePdf('Same', options).equals(samplePdf('Same', options))).toBe(true);
    expect(samplePdf('Same').equals(samplePdf('Other'))).toBe(false);
  });

  it('rejects page counts and padding that are not sensible integers', () => {
    expect(() => samplePdf('x', { pages: 0 })).toThrow(RangeError);
    expect(() => samplePdf('x', { pages: 1.5 })).toThrow(RangeError);
    expect(() => samplePdf('x', { paddingBytes: -1 })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------- PDF readers

function readXref(pdf: Buffer): { offsets: number[] } {
  const text = pdf.toString('latin1');
  const startxref = /startxref\n(\d+)\n%%EOF\n?$/.exec(text);
  const xrefOffset = Number(startxref?.[1]);
  expect(text.slice(xrefOffset, xrefOffset + 5)).toBe('xref\n');
  const header = /^xref\n0 (\d+)\n/.exec(text.slice(xrefOffset));
  const count = Number(header?.[1]);
  const entriesStart = xrefOffset + (header?.[0].length ?? 0);
  const entries = Array.from({ length: count }, (_, index) =>
    text.slice(entriesStart + index * 20, entriesStart + (index + 1) * 20),
  );
  expect(entries[0]).toBe('0000000000 65535 f \n');
  const offsets = entries.slice(1).map((entry) => {
    expect(entry).toMatch(/^\d{10} 00000 n \n$/);
    return Number(entry.slice(0, 10));
  });
  expect(text.slice(entriesStart + count * 20)).toMatch(/^trailer\n/);
  return { offsets };
}

function readStreams(pdf: Buffer): Array<{ declaredLength: number; data: Buffer }> {
  const text = pdf.toString('latin1');
  const streams: Array<{ declaredLength: number; data: Buffer }> = [];
  for (const match of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('\nendstream', start);
    streams.push({ declaredLength: Number(match[1]), data: pdf.subarray(start, end) });
  }
  return streams;
}

function countMatches(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}
