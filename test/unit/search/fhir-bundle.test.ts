import { describe, expect, it } from 'vitest';

import type { DocumentMetadata } from '../../../main/search/document-metadata.js';
import { searchsetBundleOf, toBundleEntry, toDocumentReference } from '../../../main/search/fhir-bundle.js';
import {
  type DocumentReference,
  NHS_NUMBER_SYSTEM,
  SNOMED_SYSTEM,
  VIRUS_SCAN_EXTENSION_URL,
  virusScanResultOf,
} from '../../../common/fhir.js';

const FETCHED_AT = new Date('2024-07-01T12:34:56.789Z');
const ID = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

const FULL: DocumentMetadata = {
  id: ID,
  nhsNumber: '9990000018',
  location: 's3://bucket/key',
  fileName: 'Discharge summary.pdf',
  contentType: 'application/pdf',
  uploaded: true,
  created: '2024-05-01T10:30:00+01:00',
  indexed: '2024-05-02T08:00:00Z',
  typeCodes: ['16521000000101'],
  virusScanResult: 'Clean',
};

const MINIMAL: DocumentMetadata = { id: 'legacy-row-7', nhsNumber: '9990000018', fileName: 'scan.tiff', uploaded: false, typeCodes: [] };

// Listed documents as the search hands them over, in the order given.
const toSearchsetBundle = (documents: ReadonlyArray<DocumentMetadata>, fetchedAt: Date) => searchsetBundleOf(documents.map(toBundleEntry), fetchedAt);

describe('searchsetBundleOf', () => {
  it('gives an empty searchset with no entry element for no documents', () => {
    const bundle = toSearchsetBundle([], FETCHED_AT);
    expect(bundle).toEqual({ resourceType: 'Bundle', type: 'searchset', timestamp: '2024-07-01T12:34:56.789Z', total: 0 });
    expect(Object.keys(bundle)).not.toContain('entry');
  });

  it('stamps the bundle with an ISO 8601 instant', () => {
    expect(toSearchsetBundle([], new Date(0)).timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('counts the entries it returns and keeps the given order', () => {
    const documents = ['c', 'a', 'b'].map((id) => ({ ...MINIMAL, id }));
    const bundle = toSearchsetBundle(documents, FETCHED_AT);
    expect(bundle.total).toBe(3);
    expect(bundle.entry).toHaveLength(bundle.total);
    expect(bundle.entry?.map((entry) => entry.resource.id)).toEqual(['c', 'a', 'b']);
    expect(bundle.entry?.map((entry) => entry.search)).toEqual([{ mode: 'match' }, { mode: 'match' }, { mode: 'match' }]);
  });

  it('uses urn:uuid full URLs for UUID ids, lower-cased', () => {
    const bundle = toSearchsetBundle([FULL, { ...FULL, id: ID.toUpperCase() }], FETCHED_AT);
    expect(bundle.entry?.map((entry) => entry.fullUrl)).toEqual([`urn:uuid:${ID}`, `urn:uuid:${ID}`]);
  });

  it('does not claim a urn:uuid for an id that is not a UUID', () => {
    const [entry] = toSearchsetBundle([MINIMAL], FETCHED_AT).entry ?? [];
    expect(entry?.fullUrl).not.toMatch(/^urn:uuid:/);
    expect(entry?.fullUrl).toContain('legacy-row-7');
  });

  it.each([
    ['a letter beyond f', '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6g'],
    ['a hyphen out of place', '3f2a9c1e5-b7d-4e8f-9a0b-1c2d3e4f5a6b'],
    ['one character too many', `${ID}0`],
    ['braces around it', `{${ID.slice(1, -1)}}`],
  ])('does not claim a urn:uuid for an id of UUID length with %s', (_, id) => {
    const [entry] = toSearchsetBundle([{ ...FULL, id }], FETCHED_AT).entry ?? [];
    expect(entry?.fullUrl).toBe(`DocumentReference/${id}`);
  });
});

describe('toDocumentReference', () => {
  it('maps a full row to an R4 DocumentReference', () => {
    expect(toDocumentReference(FULL)).toEqual({
      resourceType: 'DocumentReference',
      id: ID,
      extension: [{ url: VIRUS_SCAN_EXTENSION_URL, valueString: 'Clean' }],
      status: 'current',
      docStatus: 'final',
      type: { coding: [{ system: 'http://snomed.info/sct', code: '16521000000101' }] },
      subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000018' } },
      date: '2024-05-02T08:00:00.000Z',
      description: 'Discharge summary.pdf',
      content: [
        {
          attachment: {
            contentType: 'application/pdf',
            title: 'Discharge summary.pdf',
            creation: '2024-05-01T09:30:00.000Z',
          },
        },
      ],
    });
    expect(SNOMED_SYSTEM).toBe('http://snomed.info/sct');
    expect(NHS_NUMBER_SYSTEM).toBe('https://fhir.nhs.uk/Id/nhs-number');
  });

  it('marks a document that was not uploaded as preliminary, still current', () => {
    const resource = toDocumentReference({ ...FULL, uploaded: false });
    expect(resource.status).toBe('current');
    expect(resource.docStatus).toBe('preliminary');
  });

  it('codes every type code in SNOMED', () => {
    expect(toDocumentReference({ ...FULL, typeCodes: ['111', '222'] }).type?.coding).toEqual([
      { system: SNOMED_SYSTEM, code: '111' },
      { system: SNOMED_SYSTEM, code: '222' },
    ]);
  });

  it('leaves out elements whose attributes are missing', () => {
    const resource = toDocumentReference(MINIMAL);
    expect(resource).not.toHaveProperty('type');
    expect(resource).not.toHaveProperty('date');
    expect(resource.content[0].attachment).not.toHaveProperty('contentType');
    expect(resource.content[0].attachment).not.toHaveProperty('creation');
    expect(resource.content[0].attachment.title).toBe('scan.tiff');
    expect(resource.description).toBe('scan.tiff');
  });

  it.each(['2024-05-01T09:30:0a.000Z', '2024-13-01T09:30:00.000Z', '2024-05-01T09:61:00.000Z'])(
    'leaves out the stored date %s, of an instant\'s length but not one',
    (stored) => {
      const resource = toDocumentReference({ ...FULL, indexed: stored, created: stored });
      expect(resource).not.toHaveProperty('date');
      expect(resource.content[0].attachment).not.toHaveProperty('creation');
    },
  );

  it('leaves out a date that does not parse rather than emitting it', () => {
    const resource = toDocumentReference({ ...FULL, indexed: 'yesterday', created: '31/02/2024 lunchtime' });
    expect(resource).not.toHaveProperty('date');
    expect(resource.content[0].attachment).not.toHaveProperty('creation');
    expect(JSON.stringify(resource)).not.toContain('yesterday');
    expect(JSON.stringify(resource)).not.toContain('Invalid Date');
  });

  it.each([
    ['2024-05-01T09:30:00.000Z', '2024-05-01T09:30:00.000Z'],
    ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
    ['2000-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z'],
    ['2024-05-01T10:30:00+01:00', '2024-05-01T09:30:00.000Z'],
    ['2024-05-01T09:30:00Z', '2024-05-01T09:30:00.000Z'],
    // Date.parse rolls impossible calendar dates over; the bundle carries the instant that was really meant, in UTC.
    ['2024-02-30T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['2023-02-29T10:00:00.000Z', '2023-03-01T10:00:00.000Z'],
    ['1900-02-29T00:00:00.000Z', '1900-03-01T00:00:00.000Z'],
    ['2024-01-01T24:00:00.000Z', '2024-01-02T00:00:00.000Z'],
    ['2024-04-31T00:00:00.000Z', '2024-05-01T00:00:00.000Z'],
  ])('writes the stored date %s as the R4 instant %s', (stored, instant) => {
    const resource = toDocumentReference({ ...FULL, indexed: stored, created: stored });
    expect(resource.date).toBe(instant);
    expect(resource.content[0].attachment.creation).toBe(instant);
  });

  // Shaped like a canonical instant but not one: never passed through as if it were.
  it.each([
    '2024-13-01T00:00:00.000Z',
    '2024-00-10T00:00:00.000Z',
    '2024-01-00T00:00:00.000Z',
    '2024-01-32T00:00:00.000Z',
    '2024-01-01T23:60:00.000Z',
    '2024-01-01T23:59:60.000Z',
    'x2024-01-01T23:59:59.000Z',
    '2024-01-01T23:59:59.000Zx',
    '2024-1-01T23:59:59.000Z',
  ])('leaves out the impossible stored date %s', (stored) => {
    const resource = toDocumentReference({ ...FULL, indexed: stored, created: stored });
    expect(resource).not.toHaveProperty('date');
    expect(resource.content[0].attachment).not.toHaveProperty('creation');
  });

  it('survives JSON serialisation unchanged (no undefined-valued keys)', () => {
    const resource = toDocumentReference(MINIMAL);
    expect(JSON.parse(JSON.stringify(resource))).toEqual(resource);
    expect(Object.values(resource)).not.toContain(undefined);
    expect(Object.values(resource.content[0].attachment)).not.toContain(undefined);
  });
});

describe('virusScanResultOf', () => {
  it('reads the scan result carried by the extension', () => {
    expect(virusScanResultOf(toDocumentReference({ ...FULL, virusScanResult: 'Infected' }))).toBe('Infected');
    expect(virusScanResultOf(toDocumentReference(FULL))).toBe('Clean');
  });

  it('reads Not Scanned when the row had no scan result', () => {
    expect(virusScanResultOf(toDocumentReference(MINIMAL))).toBe('Not Scanned');
  });

  it('reads Not Scanned for a resource without the extension', () => {
    const { extension: _extension, ...withoutExtension } = toDocumentReference({ ...FULL, virusScanResult: 'Clean' });
    const resource: DocumentReference = withoutExtension;
    expect(virusScanResultOf(resource)).toBe('Not Scanned');
  });

  it('ignores other extensions', () => {
    const resource: DocumentReference = {
      ...toDocumentReference(FULL),
      extension: [{ url: 'https://example.test/other', valueString: 'Clean' }],
    };
    expect(virusScanResultOf(resource)).toBe('Not Scanned');
  });
});
