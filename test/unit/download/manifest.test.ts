// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildManifest, type Classified, classifyDocuments } from '../../../main/download/manifest.js';
import type { DocumentOutcome } from '../../../main/download/write-documents.js';
import type { DocumentMetadata } from '../../../main/search/document-metadata.js';

function row(id: string, indexed: string, changes: Partial<DocumentMetadata> = {}): DocumentMetadata {
  return { id, nhsNumber: '9990000018', fileName: `${id}.pdf`, uploaded: true, indexed, typeCodes: [], virusScanResult: 'Clean', ...changes };
}

const LETTER = row('letter', '2026-03-01T00:00:00Z');
const PHOTO = row('photo', '2026-02-01T00:00:00Z');
const SCAN = row('scan', '2026-01-01T00:00:00Z');
const INFECTED = row('infected', '2026-04-01T00:00:00Z', { virusScanResult: 'Infected' });
const DELETED = row('deleted', '2025-12-01T00:00:00Z', { deleted: '2026-01-02T00:00:00Z' });
const ROWS = [SCAN, INFECTED, LETTER, DELETED, PHOTO];

function classified(documentIds?: ReadonlyArray<string>): Classified {
  return classifyDocuments(ROWS, documentIds === undefined ? {} : { documentIds });
}

const ids = (documents: ReadonlyArray<DocumentMetadata>) => documents.map((document) => document.id);

describe('classifyDocuments', () => {
  it('without a choice takes every eligible row and excludes the rest with the reason, each newest first', () => {
    const { eligible, excluded, notChosen, unknownIds } = classified();
    expect(ids(eligible)).toEqual(['letter', 'photo', 'scan']);
    expect(excluded.map(({ document, reason }) => [document.id, reason])).toEqual([
      ['infected', 'virus scan: Infected'],
      ['deleted', 'deleted'],
    ]);
    expect(notChosen).toEqual([]);
    expect(unknownIds).toEqual([]);
  });

  it('with a choice takes only the chosen eligible rows, excludes only the chosen ineligible ones, and sets the rest aside', () => {
    const { eligible, excluded, notChosen, unknownIds } = classified(['scan', 'infected', 'letter']);
    expect(ids(eligible)).toEqual(['letter', 'scan']);
    expect(excluded.map(({ document, reason }) => [document.id, reason])).toEqual([['infected', 'virus scan: Infected']]);
    expect(ids(notChosen)).toEqual(['photo', 'deleted']);
    expect(unknownIds).toEqual([]);
  });

  it('with only ineligible rows chosen has nothing eligible', () => {
    const { eligible, excluded } = classified(['deleted']);
    expect(eligible).toEqual([]);
    expect(ids(excluded.map(({ document }) => document))).toEqual(['deleted']);
  });

  it('names every chosen id that is not a row of this patient', () => {
    expect(classified(['letter', 'gone', 'other-patient']).unknownIds).toEqual(['gone', 'other-patient']);
  });
});

describe('buildManifest', () => {
  const included = (document: DocumentMetadata): DocumentOutcome => ({
    candidate: { document, entryName: document.fileName },
    status: 'included',
    bytes: 10,
    sha256: 'a'.repeat(64),
  });

  it('lists every document of the patient: the chosen ones as they ended, the others as not chosen', () => {
    const { excluded, notChosen } = classified(['letter', 'scan', 'infected']);
    const manifest = buildManifest({
      nhsNumber: '9990000018',
      correlationId: 'c1',
      createdAt: new Date('2026-05-01T00:00:00Z'),
      application: { name: 'Document Store Desktop', version: '1.0.0' },
      outcomes: [included(LETTER), { candidate: { document: SCAN, entryName: 'scan.pdf' }, status: 'missing', error: 'Not found.' }],
      excluded,
      notChosen,
    });
    expect(manifest.documents.map(({ id, status, reason }) => [id, status, reason])).toEqual([
      ['infected', 'excluded', 'virus scan: Infected'],
      ['letter', 'included', undefined],
      ['photo', 'excluded', 'not chosen'],
      ['scan', 'missing', undefined],
      ['deleted', 'excluded', 'not chosen'],
    ]);
    expect(manifest.counts).toEqual({ included: 1, excluded: 3, missing: 1 });
  });
});
