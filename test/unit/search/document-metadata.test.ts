import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';

import {
  type DocumentMetadata,
  exclusionReason,
  sortNewestFirst,
  toDocumentMetadata,
} from '../../../main/search/document-metadata.js';

// Rows as DynamoDB sends them: attribute values, written here as the native values they marshal from.
const read = (item: Record<string, unknown>): DocumentMetadata => toDocumentMetadata(marshall(item));

function doc(overrides: Partial<DocumentMetadata> & { id: string }): DocumentMetadata {
  return {
    nhsNumber: '9990000018',
    fileName: `${overrides.id}.pdf`,
    uploaded: true,
    typeCodes: [],
    virusScanResult: 'Clean',
    ...overrides,
  };
}

describe('toDocumentMetadata', () => {
  it('reads a complete row', () => {
    expect(
      read({
        ID: 'a1',
        NhsNumber: '9990000018',
        Location: 's3://bucket/key',
        FileName: 'letter.pdf',
        ContentType: 'application/pdf',
        DocumentUploaded: true,
        Created: '2024-01-02T03:04:05Z',
        Indexed: '2024-01-03T03:04:05Z',
        Type: ['16521000000101'],
        VirusScanResult: 'Clean',
      }),
    ).toEqual({
      id: 'a1',
      nhsNumber: '9990000018',
      location: 's3://bucket/key',
      fileName: 'letter.pdf',
      contentType: 'application/pdf',
      uploaded: true,
      created: '2024-01-02T03:04:05Z',
      indexed: '2024-01-03T03:04:05Z',
      deleted: undefined,
      typeCodes: ['16521000000101'],
      virusScanResult: 'Clean',
    });
  });

  it('tolerates a row with only an id', () => {
    const metadata = read({ ID: 'old-row' });
    expect(metadata.id).toBe('old-row');
    expect(metadata.uploaded).toBe(false);
    expect(metadata.typeCodes).toEqual([]);
    expect(metadata.fileName).toBe('');
    expect(metadata.nhsNumber).toBe('');
    expect(metadata.contentType).toBeUndefined();
    expect(metadata.indexed).toBeUndefined();
    expect(metadata.virusScanResult).toBeUndefined();
  });

  it('reads an id stored as a number as its digits', () => {
    expect(read({ ID: 42 }).id).toBe('42');
  });

  it('treats a DocumentUploaded that is not literally true as not uploaded', () => {
    expect(read({ ID: 'x', DocumentUploaded: 'true' }).uploaded).toBe(false);
    expect(read({ ID: 'x', DocumentUploaded: false }).uploaded).toBe(false);
  });

  it('reads Type as a DynamoDB string set', () => {
    expect(read({ ID: 'x', Type: new Set(['111', '222']) }).typeCodes).toEqual(['111', '222']);
  });

  it('reads Type as a single string, and drops non-string codes', () => {
    expect(read({ ID: 'x', Type: '111' }).typeCodes).toEqual(['111']);
    expect(read({ ID: 'x', Type: ['111', 42, null] }).typeCodes).toEqual(['111']);
    expect(read({ ID: 'x', Type: 42 }).typeCodes).toEqual([]);
  });

  it('treats empty or mistyped optional attributes as absent', () => {
    const metadata = read({ ID: 'x', ContentType: '', Deleted: '', Indexed: 12345, FileName: 7 });
    expect(metadata.contentType).toBeUndefined();
    expect(metadata.deleted).toBeUndefined();
    expect(metadata.indexed).toBeUndefined();
    expect(metadata.fileName).toBe('');
  });
});

describe('exclusionReason', () => {
  it('offers an uploaded, undeleted, clean document', () => {
    expect(exclusionReason(doc({ id: 'a' }))).toBeUndefined();
  });

  it('excludes a deleted document', () => {
    expect(exclusionReason(doc({ id: 'a', deleted: '2024-01-01T00:00:00Z' }))).toBe('deleted');
  });

  it('excludes a document that was never uploaded', () => {
    expect(exclusionReason(doc({ id: 'a', uploaded: false }))).toBe('not uploaded');
  });

  it('reports deleted before not uploaded', () => {
    expect(exclusionReason(doc({ id: 'a', uploaded: false, deleted: '2024-01-01T00:00:00Z' }))).toBe('deleted');
  });

  it('reports not uploaded before the virus scan', () => {
    expect(exclusionReason(doc({ id: 'a', uploaded: false, virusScanResult: 'Infected' }))).toBe('not uploaded');
  });

  it('excludes an infected document, naming the scan result', () => {
    expect(exclusionReason(doc({ id: 'a', virusScanResult: 'Infected' }))).toBe('virus scan: Infected');
  });

  it('excludes a document with no scan result as Not Scanned', () => {
    expect(exclusionReason(doc({ id: 'a', virusScanResult: undefined }))).toBe('virus scan: Not Scanned');
  });

  it('requires exactly Clean', () => {
    expect(exclusionReason(doc({ id: 'a', virusScanResult: 'clean' }))).toBe('virus scan: clean');
  });

  it('excludes a row whose Deleted is present but not a date, as the search filter hides it', () => {
    expect(exclusionReason(read({ ID: 'x', DocumentUploaded: true, VirusScanResult: 'Clean', Deleted: null }))).toBe('deleted');
    expect(exclusionReason(read({ ID: 'x', DocumentUploaded: true, VirusScanResult: 'Clean', Deleted: false }))).toBe('deleted');
    expect(exclusionReason(read({ ID: 'x', DocumentUploaded: true, VirusScanResult: 'Clean', Deleted: '' }))).toBeUndefined();
  });

  it('applies to rows read from DynamoDB', () => {
    expect(exclusionReason(read({ ID: 'x', DocumentUploaded: true }))).toBe('virus scan: Not Scanned');
    expect(exclusionReason(read({ ID: 'x' }))).toBe('not uploaded');
  });
});

describe('sortNewestFirst', () => {
  const ids = (documents: ReadonlyArray<DocumentMetadata>): string[] => sortNewestFirst(documents, (d) => d).map((d) => d.id);

  it('puts the newest indexed document first', () => {
    expect(
      ids([
        doc({ id: 'old', indexed: '2023-01-01T00:00:00Z' }),
        doc({ id: 'new', indexed: '2024-06-01T00:00:00Z' }),
        doc({ id: 'mid', indexed: '2023-06-01T00:00:00Z' }),
      ]),
    ).toEqual(['new', 'mid', 'old']);
  });

  it('compares by instant, not by text, when offsets differ', () => {
    // 10:30+01:00 is 09:30Z, so it is older than 10:00Z although its text sorts later.
    expect(
      ids([
        doc({ id: 'offset', indexed: '2024-05-01T10:30:00+01:00' }),
        doc({ id: 'utc', indexed: '2024-05-01T10:00:00Z' }),
      ]),
    ).toEqual(['utc', 'offset']);
  });

  it('falls back to the created date when there is no indexed date', () => {
    expect(
      ids([
        doc({ id: 'indexed', indexed: '2023-01-01T00:00:00Z' }),
        doc({ id: 'created', created: '2024-01-01T00:00:00Z' }),
      ]),
    ).toEqual(['created', 'indexed']);
  });

  it('puts undated and unparseable-dated documents last', () => {
    expect(
      ids([
        doc({ id: 'undated' }),
        doc({ id: 'dated', indexed: '2020-01-01T00:00:00Z' }),
        doc({ id: 'garbled', indexed: 'not a date' }),
      ]).slice(0, 1),
    ).toEqual(['dated']);
  });

  it('orders documents with the same instant by id', () => {
    expect(
      ids([
        doc({ id: 'c', indexed: '2024-01-01T00:00:00Z' }),
        doc({ id: 'a', indexed: '2024-01-01T01:00:00+01:00' }),
        doc({ id: 'b', indexed: '2024-01-01T00:00:00Z' }),
      ]),
    ).toEqual(['a', 'b', 'c']);
  });

  it('orders undated documents by id too', () => {
    expect(ids([doc({ id: 'b' }), doc({ id: 'a' })])).toEqual(['a', 'b']);
  });

  it('sorts wrapped items by their document and leaves the input alone', () => {
    const wrapped = [
      { document: doc({ id: 'old', indexed: '2020-01-01T00:00:00Z' }) },
      { document: doc({ id: 'new', indexed: '2024-01-01T00:00:00Z' }) },
    ];
    expect(sortNewestFirst(wrapped, (item) => item.document).map((item) => item.document.id)).toEqual(['new', 'old']);
    expect(wrapped[0]?.document.id).toBe('old');
  });
});
