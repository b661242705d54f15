/**
 * The FHIR R4 shapes search returns, and the one reader both runtimes need.
 *
 * Only the elements the app writes are declared. Extras the original system put at the top level (indexed date,
 * virus-scan result) travel as R4 allows: `date` carries the indexed instant, and the scan result is an extension.
 */

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const VIRUS_SCAN_EXTENSION_URL = 'https://document-store-desktop.nhs.uk/fhir/StructureDefinition/virus-scan-result';

export interface Coding {
  readonly system: string;
  readonly code: string;
}

export interface Extension {
  readonly url: string;
  readonly valueString: string;
}

export interface Attachment {
  readonly contentType?: string;
  readonly title: string;
  readonly creation?: string;
}

export interface DocumentReference {
  readonly resourceType: 'DocumentReference';
  readonly id: string;
  readonly extension?: ReadonlyArray<Extension>;
  readonly status: 'current';
  readonly docStatus: 'final' | 'preliminary';
  readonly type?: { readonly coding: ReadonlyArray<Coding> };
  readonly subject: { readonly identifier: { readonly system: string; readonly value: string } };
  readonly date?: string;
  readonly description: string;
  readonly content: readonly [{ readonly attachment: Attachment }];
}

export interface BundleEntry {
  readonly fullUrl: string;
  readonly resource: DocumentReference;
  readonly search: { readonly mode: 'match' };
}

export interface SearchsetBundle {
  readonly resourceType: 'Bundle';
  readonly type: 'searchset';
  readonly timestamp: string;
  readonly total: number;
  readonly entry?: ReadonlyArray<BundleEntry>;
}

/** The scan value a DocumentReference carries; anything but Clean is not available for download. */
export function virusScanResultOf(resource: DocumentReference): string {
  return resource.extension?.find((extension) => extension.url === VIRUS_SCAN_EXTENSION_URL)?.valueString ?? 'Not Scanned';
}
