import {
  type BundleEntry,
  type DocumentReference,
  NHS_NUMBER_SYSTEM,
  SNOMED_SYSTEM,
  type SearchsetBundle,
  VIRUS_SCAN_EXTENSION_URL,
} from '../../preload/fhir.js';
import type { DocumentMetadata } from './document-metadata.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Maps listed documents to a FHIR R4 searchset Bundle, in the order given. */
export function toSearchsetBundle(documents: ReadonlyArray<DocumentMetadata>, fetchedAt: Date): SearchsetBundle {
  const entry = documents.map(toBundleEntry);
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: fetchedAt.toISOString(),
    total: entry.length,
    ...(entry.length > 0 ? { entry } : {}),
  };
}

function toBundleEntry(document: DocumentMetadata): BundleEntry {
  return {
    // R4 wants an absolute fullUrl; document ids are UUIDs, so urn:uuid is the natural form.
    fullUrl: UUID.test(document.id) ? `urn:uuid:${document.id.toLowerCase()}` : `DocumentReference/${document.id}`,
    resource: toDocumentReference(document),
    search: { mode: 'match' },
  };
}

/** Maps one metadata row to an R4 DocumentReference. */
export function toDocumentReference(document: DocumentMetadata): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id: document.id,
    extension: [{ url: VIRUS_SCAN_EXTENSION_URL, valueString: document.virusScanResult ?? 'Not Scanned' }],
    status: 'current',
    docStatus: document.uploaded ? 'final' : 'preliminary',
    ...(document.typeCodes.length > 0
      ? { type: { coding: document.typeCodes.map((code) => ({ system: SNOMED_SYSTEM, code })) } }
      : {}),
    subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: document.nhsNumber } },
    ...optionalInstant('date', document.indexed),
    description: document.fileName,
    content: [
      {
        attachment: {
          ...(document.contentType === undefined ? {} : { contentType: document.contentType }),
          title: document.fileName,
          ...optionalInstant('creation', document.created),
        },
      },
    ],
  };
}

// R4 instants need a time zone; a stored value that does not parse is left out rather than emitted invalid.
function optionalInstant<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  const time = value === undefined ? Number.NaN : Date.parse(value);
  if (Number.isNaN(time)) {
    return {};
  }
  return { [key]: new Date(time).toISOString() } as Partial<Record<K, string>>;
}
