/** The `manifest.json` every saved ZIP carries (types only): what is in it, and what was left out and why. */

export const MANIFEST_ENTRY_NAME = 'manifest.json';
export const MANIFEST_FORMAT = 'document-store-desktop/manifest@1';

export type ManifestStatus = 'included' | 'excluded' | 'missing';

export interface ManifestDocument {
  readonly id: string;
  readonly fileName: string;
  /** The name inside the ZIP; null when the document is not in it. */
  readonly entryName: string | null;
  readonly contentType: string | null;
  readonly size: number | null;
  readonly sha256: string | null;
  /** When the document was uploaded (indexed), ISO 8601. */
  readonly uploaded: string | null;
  readonly status: ManifestStatus;
  /** Why an excluded document was left out: deleted, not uploaded, or its virus-scan value. */
  readonly reason?: string;
  /** Why a missing document could not be read. */
  readonly error?: string;
}

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly nhsNumber: string;
  readonly correlationId: string;
  readonly createdAt: string;
  readonly application: { readonly name: string; readonly version: string };
  readonly counts: { readonly included: number; readonly excluded: number; readonly missing: number };
  readonly documents: ReadonlyArray<ManifestDocument>;
}
