/**
 * Data as main sends it, for renderer tests: search results, a saved download, archive entries and ZIP listings.
 *
 * Dates shown to the user carry no zone, so they read as local time and the expected text holds in any time zone.
 */
import { type ArchiveEntry, type ArchiveEntryView, MAX_VIEW_BYTES, type ZipEntryInfo, type ZipListing } from '../../../../common/archive.js';
import type { DownloadSummary } from '../../../../common/download.js';
import { type BundleEntry, NHS_NUMBER_SYSTEM, type SearchsetBundle, VIRUS_SCAN_EXTENSION_URL } from '../../../../common/fhir.js';
import type { RoleOption, SessionView, SignedInPerson } from '../../../../common/identity.js';
import { MANIFEST_FORMAT, type Manifest, type ManifestDocument } from '../../../../common/manifest.js';
import type { PatientDetails, PatientLookup } from '../../../../common/patient.js';
import { downloadSummary as verifiedSave } from '../../../support/download-summary.js';

/** Passes the Modulus-11 check; shown as "943 476 5919". */
export const NHS_NUMBER = '9434765919';

export interface ListedDocument {
  readonly id: string;
  readonly title: string;
  readonly contentType?: string;
  readonly date?: string;
  /** The virus-scan value; Clean documents are the ones available for download. */
  readonly scan?: string;
}

export function searchBundle(documents: ReadonlyArray<ListedDocument>, timestamp = '2026-11-27T21:40:00'): SearchsetBundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp,
    total: documents.length,
    entry: documents.map((document): BundleEntry => ({
      fullUrl: `urn:uuid:${document.id}`,
      search: { mode: 'match' },
      resource: {
        resourceType: 'DocumentReference',
        id: document.id,
        extension: [{ url: VIRUS_SCAN_EXTENSION_URL, valueString: document.scan ?? 'Clean' }],
        status: 'current',
        docStatus: 'final',
        subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: NHS_NUMBER } },
        ...(document.date === undefined ? {} : { date: document.date }),
        description: document.title,
        content: [{ attachment: { title: document.title, ...(document.contentType === undefined ? {} : { contentType: document.contentType }) } }],
      },
    })),
  };
}

/** A verified save as the renderer's tests show it: the shared fixture with a patient's file and a real size. */
export function downloadSummary(overrides: Partial<DownloadSummary> = {}): DownloadSummary {
  return verifiedSave({
    file: '/home/user/Documents/Records/9434765919.zip',
    bytes: 3_250_586,
    included: [{ id: 'doc-1', fileName: 'Discharge letter.pdf', entryName: 'Discharge letter.pdf' }],
    correlationId: 'correlation-1',
    zipLocation: 's3://bucket/9434765919.zip',
    traceId: 'trace-1',
    savedAt: '2026-11-27T21:45:00',
    ...overrides,
  });
}

export function archiveEntry(overrides: Partial<ArchiveEntry> = {}): ArchiveEntry {
  return {
    id: 'entry-1',
    source: 'download',
    nhsNumber: NHS_NUMBER,
    savedAt: '2026-11-27T21:45:00',
    addedAt: '2026-11-27T21:45:01Z',
    path: '/home/user/Documents/Records/9434765919.zip',
    bytes: 3_250_586,
    sha256: 'b'.repeat(64),
    documentCount: 2,
    missingCount: 0,
    correlationId: 'correlation-1',
    environment: 'prod',
    documents: [],
    ...overrides,
  };
}

export function archiveEntryView(entry: Partial<ArchiveEntry> = {}, view: Partial<Omit<ArchiveEntryView, 'entry'>> = {}): ArchiveEntryView {
  return { entry: archiveEntry(entry), status: null, checkedAt: null, problem: null, reviewDue: false, ...view };
}

export function zipEntry(overrides: Partial<ZipEntryInfo> = {}): ZipEntryInfo {
  return {
    name: 'Discharge letter.pdf',
    size: 120_000,
    compressedSize: 100_000,
    contentType: 'application/pdf',
    viewable: true,
    status: 'readable',
    problem: null,
    sha256: 'c'.repeat(64),
    check: 'matches',
    document: null,
    ...overrides,
  };
}

function manifestDocument(entry: ZipEntryInfo): ManifestDocument {
  return {
    id: entry.name,
    fileName: entry.name,
    entryName: entry.name,
    contentType: entry.contentType,
    size: entry.size,
    sha256: entry.sha256,
    uploaded: '2026-11-01T09:00:00Z',
    status: 'included',
  };
}

/** A ZIP saved by this app: its manifest lists every entry it knows, plus `missing` (documents that could not be read). */
export function zipListing(entries: ReadonlyArray<ZipEntryInfo>, missing: ReadonlyArray<ManifestDocument> = []): ZipListing {
  const listed = entries.map((entry) => ({ ...entry, document: entry.check === 'not-in-manifest' ? null : manifestDocument(entry) }));
  const documents = [...listed.flatMap((entry) => (entry.document === null ? [] : [entry.document])), ...missing];
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    nhsNumber: NHS_NUMBER,
    correlationId: 'correlation-1',
    createdAt: '2026-11-27T21:45:00Z',
    application: { name: 'Document Store Desktop', version: '0.1.0' },
    counts: { included: listed.length, excluded: 0, missing: missing.length },
    documents,
  };
  return {
    file: '/home/user/Documents/Records/9434765919.zip',
    entries: listed,
    manifest: { manifest, absentEntries: [], verified: listed.every((entry) => entry.check === 'matches') },
    manifestProblem: null,
    viewLimitBytes: MAX_VIEW_BYTES,
  };
}

export const GP_ADMIN_ROLE: RoleOption = {
  personRoleId: 'role-admin-1',
  roleCode: 'GP_ADMIN',
  roleName: 'Admin and Clerical',
  odsCode: 'A12345',
  orgName: 'Riverside Surgery',
};

export const GP_CLINICAL_ROLE: RoleOption = {
  personRoleId: 'role-clinical-2',
  roleCode: 'GP_CLINICAL',
  roleName: 'Clinical Practitioner',
  odsCode: 'B67890',
  orgName: 'Hillside Medical Centre',
};

export const PERSON: SignedInPerson = { id: 'person-1', name: 'Alex Morgan', role: GP_ADMIN_ROLE, sessionId: 'session-1' };

export const SIGNED_IN: SessionView = { state: 'signed-in', person: PERSON, mayDownload: true };
export const SIGNED_OUT: SessionView = { state: 'signed-out', reason: 'signed-out' };

/** A patient registered at the signed-in person's practice, as PDS describes them. */
export function patientDetails(overrides: Partial<PatientDetails> = {}): PatientDetails {
  return {
    nhsNumber: NHS_NUMBER,
    name: 'Jane SMITH',
    givenName: 'Jane',
    familyName: 'SMITH',
    birthDate: '1961-03-03',
    gender: 'female',
    gp: { odsCode: 'A12345', name: 'Riverside Surgery' },
    status: 'active',
    deceasedDate: null,
    restricted: false,
    address: '1 Station Road, Leeds',
    postcode: 'LS1 4AP',
    ...overrides,
  };
}

export function patientLookup(overrides: Partial<Omit<PatientLookup, 'patient'>> = {}, patient: Partial<PatientDetails> = {}): PatientLookup {
  return { patient: patientDetails(patient), access: { maySearch: true, mayDownload: true }, ...overrides };
}
