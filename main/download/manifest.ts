import { MANIFEST_FORMAT, type Manifest, type ManifestDocument } from '../../common/manifest.js';
import { type DocumentMetadata, type ExclusionReason, exclusionReason, sortNewestFirst } from '../search/document-metadata.js';
import type { DocumentOutcome } from './write-documents.js';

/** Every row of a patient split by the download rule, each side newest first. */
export interface Classified {
  readonly eligible: ReadonlyArray<DocumentMetadata>;
  readonly excluded: ReadonlyArray<{ readonly document: DocumentMetadata; readonly reason: ExclusionReason }>;
}

/** Splits a patient's rows into eligible (uploaded, not deleted, Clean) and excluded with the reason. */
export function classifyDocuments(rows: ReadonlyArray<DocumentMetadata>): Classified {
  const sorted = sortNewestFirst(rows, (row) => row);
  const eligible: DocumentMetadata[] = [];
  const excluded: Array<{ document: DocumentMetadata; reason: ExclusionReason }> = [];
  for (const document of sorted) {
    const reason = exclusionReason(document);
    if (reason === undefined) {
      eligible.push(document);
    } else {
      excluded.push({ document, reason });
    }
  }
  return { eligible, excluded };
}

export interface ManifestInput {
  readonly nhsNumber: string;
  readonly correlationId: string;
  readonly createdAt: Date;
  readonly application: { readonly name: string; readonly version: string };
  readonly outcomes: ReadonlyArray<DocumentOutcome>;
  readonly excluded: Classified['excluded'];
}

/** Builds the manifest: every document of the patient, newest first, with what happened to it. */
export function buildManifest(input: ManifestInput): Manifest {
  const listed = [
    ...input.outcomes.map((outcome) => ({ document: outcome.candidate.document, entry: outcomeEntry(outcome) })),
    ...input.excluded.map(({ document, reason }) => ({
      document,
      entry: { ...baseEntry(document), status: 'excluded' as const, reason } satisfies ManifestDocument,
    })),
  ];
  const documents = sortNewestFirst(listed, ({ document }) => document).map(({ entry }) => entry);
  return {
    format: MANIFEST_FORMAT,
    nhsNumber: input.nhsNumber,
    correlationId: input.correlationId,
    createdAt: input.createdAt.toISOString(),
    application: input.application,
    counts: {
      included: documents.filter((document) => document.status === 'included').length,
      excluded: input.excluded.length,
      missing: documents.filter((document) => document.status === 'missing').length,
    },
    documents,
  };
}

function outcomeEntry(outcome: DocumentOutcome): ManifestDocument {
  const base = baseEntry(outcome.candidate.document);
  if (outcome.status === 'missing') {
    return { ...base, status: 'missing', error: outcome.error };
  }
  return { ...base, entryName: outcome.candidate.entryName, size: outcome.bytes, sha256: outcome.sha256, status: 'included' };
}

function baseEntry(document: DocumentMetadata): Omit<ManifestDocument, 'status'> {
  return {
    id: document.id,
    fileName: document.fileName,
    entryName: null,
    contentType: document.contentType ?? null,
    size: null,
    sha256: null,
    uploaded: document.indexed ?? null,
  };
}
