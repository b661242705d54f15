import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** One `DocumentReferenceMetadata` row, read tolerantly: older rows lack attributes the original code assumed. */
export interface DocumentMetadata {
  readonly id: string;
  readonly nhsNumber: string;
  readonly location?: string;
  readonly fileName: string;
  readonly contentType?: string;
  readonly uploaded: boolean;
  readonly created?: string;
  readonly indexed?: string;
  readonly deleted?: string;
  readonly typeCodes: ReadonlyArray<string>;
  readonly virusScanResult?: string;
}

/** Why a document is not offered for download, or `undefined` when it is. */
export type ExclusionReason = 'deleted' | 'not uploaded' | `virus scan: ${string}`;

export const CLEAN = 'Clean';

/**
 * Reads a DynamoDB item as the wire gives it (attribute values, not the document client's native values: converting
 * every row first was a tenth of a 1,500-document search's CPU). A missing or mistyped optional attribute is treated
 * as absent, never as an error.
 */
export function toDocumentMetadata(item: Readonly<Record<string, AttributeValue>>): DocumentMetadata {
  return {
    id: item.ID?.S ?? item.ID?.N ?? '',
    nhsNumber: text(item.NhsNumber) ?? '',
    location: text(item.Location),
    fileName: text(item.FileName) ?? '',
    contentType: text(item.ContentType),
    uploaded: item.DocumentUploaded?.BOOL === true,
    created: text(item.Created),
    indexed: text(item.Indexed),
    deleted: deletedMark(item.Deleted),
    typeCodes: codes(item.Type),
    virusScanResult: text(item.VirusScanResult),
  };
}

/** The seed's eligibility rule (as at the original system's final version): uploaded, not deleted, scanned Clean. */
export function exclusionReason(document: DocumentMetadata): ExclusionReason | undefined {
  if (document.deleted !== undefined) {
    return 'deleted';
  }
  if (!document.uploaded) {
    return 'not uploaded';
  }
  if (document.virusScanResult !== CLEAN) {
    return `virus scan: ${document.virusScanResult ?? 'Not Scanned'}`;
  }
  return undefined;
}

/**
 * Newest first by indexed (then created) date, then by id, so every list and ZIP has one stable order.
 * Each date is parsed once, not at every comparison: on a 1,500-document record that is most of the sort's time.
 */
export function sortNewestFirst<T>(items: ReadonlyArray<T>, documentOf: (item: T) => DocumentMetadata): T[] {
  return items
    .map((item) => ({ item, id: documentOf(item).id, time: timeOf(documentOf(item)) }))
    .sort((a, b) => (a.time !== b.time ? (b.time > a.time ? 1 : -1) : a.id.localeCompare(b.id)))
    .map(({ item }) => item);
}

// Rows written with offsets (e.g. "+01:00") must sort by instant, not by text; undated rows go last.
function timeOf(document: DocumentMetadata): number {
  const time = Date.parse(document.indexed ?? document.created ?? '');
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

// The search's filter lists a row only when Deleted is absent or '', so a Deleted of another type (NULL, a boolean)
// must mark the row deleted here too: the download never saves a document the search did not list.
function deletedMark(value: AttributeValue | undefined): string | undefined {
  if (value === undefined || value.S === '') {
    return undefined;
  }
  return value.S ?? 'unknown';
}

function text(value: AttributeValue | undefined): string | undefined {
  const string = value?.S;
  return string === undefined || string === '' ? undefined : string;
}

// Written as a list of strings by the original system; a string set or a single string is read the same way. A plain
// loop: flatMap's arrays per code were a quarter of the mapping's garbage on a 1,500-document record.
function codes(value: AttributeValue | undefined): ReadonlyArray<string> {
  if (value?.L !== undefined) {
    const strings: string[] = [];
    for (const code of value.L) {
      if (code.S !== undefined) {
        strings.push(code.S);
      }
    }
    return strings;
  }
  return value?.SS ?? (value?.S === undefined ? [] : [value.S]);
}
