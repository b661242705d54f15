import {
  type Attachment,
  type BundleEntry,
  type DocumentReference,
  NHS_NUMBER_SYSTEM,
  SNOMED_SYSTEM,
  type SearchsetBundle,
  VIRUS_SCAN_EXTENSION_URL,
} from '../../common/fhir.js';
import type { DocumentMetadata } from './document-metadata.js';

/** A searchset Bundle of entries already mapped (toBundleEntry), in the order given. */
export function searchsetBundleOf(entry: BundleEntry[], fetchedAt: Date): SearchsetBundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: fetchedAt.toISOString(),
    total: entry.length,
    ...(entry.length > 0 ? { entry } : {}),
  };
}

/** One listed document as a searchset entry. */
export function toBundleEntry(document: DocumentMetadata): BundleEntry {
  return {
    // R4 wants an absolute fullUrl; document ids are UUIDs, so urn:uuid is the natural form.
    fullUrl: isUuid(document.id) ? `urn:uuid:${document.id.toLowerCase()}` : `DocumentReference/${document.id}`,
    resource: toDocumentReference(document),
    search: { mode: 'match' },
  };
}

/** Maps one metadata row to an R4 DocumentReference. */
export function toDocumentReference(document: DocumentMetadata): DocumentReference {
  const creation = instantOf(document.created);
  const attachment: Mutable<Attachment> =
    document.contentType === undefined ? { title: document.fileName } : { contentType: document.contentType, title: document.fileName };
  if (creation !== undefined) {
    attachment.creation = creation;
  }
  // Optional fields are added after the literal, not spread into it: a spread in the middle of an object literal takes
  // V8's slow copying path, and that was half the time of mapping a 1,500-document record. Key order means nothing in
  // FHIR JSON.
  const reference: Mutable<DocumentReference> = {
    resourceType: 'DocumentReference',
    id: document.id,
    extension: [{ url: VIRUS_SCAN_EXTENSION_URL, valueString: document.virusScanResult ?? 'Not Scanned' }],
    status: 'current',
    docStatus: document.uploaded ? 'final' : 'preliminary',
    subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: document.nhsNumber } },
    description: document.fileName,
    content: [{ attachment }],
  };
  if (document.typeCodes.length > 0) {
    reference.type = { coding: document.typeCodes.map((code) => ({ system: SNOMED_SYSTEM, code })) };
  }
  const date = instantOf(document.indexed);
  if (date !== undefined) {
    reference.date = date;
  }
  return reference;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// R4 instants need a time zone; a stored value that does not parse is left out rather than emitted invalid.
function instantOf(value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (isCanonicalUtcInstant(value)) {
    return value;
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Most stored dates are already what toISOString would give back, and toISOString was half the bundle's time on a
// 1,500-document record. Date.parse alone would not do as the check: it rolls 2024-02-30 over to 1 March.
function isCanonicalUtcInstant(value: string): boolean {
  if (!CANONICAL_UTC.test(value)) {
    return false;
  }
  const [year, month, day] = [digitsAt(value, 0, 4), digitsAt(value, 5, 2), digitsAt(value, 8, 2)];
  const leapDay = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  const lastDay = (DAYS_IN_MONTH[month - 1] ?? 0) + leapDay;
  return month >= 1 && day >= 1 && day <= lastDay && digitsAt(value, 11, 2) <= 23 && digitsAt(value, 14, 2) <= 59 && digitsAt(value, 17, 2) <= 59;
}

// `test` without capture groups, the fields then read in place: `exec` allocated an array of matches for two dates
// and an id of every document (a third of the bundle's time); `test` is also twice as fast as a hand-written loop.
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;
const CHAR_0 = '0'.charCodeAt(0);

function isUuid(value: string): boolean {
  return UUID.test(value);
}

function digitsAt(value: string, start: number, count: number): number {
  let number = 0;
  for (let index = start; index < start + count; index++) {
    number = number * 10 + value.charCodeAt(index) - CHAR_0;
  }
  return number;
}
