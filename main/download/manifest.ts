/**
 * Which of a patient's documents a download takes (the seed's eligibility rule and the user's choice), and the
 * manifest.json that says what happened to each of them.
 */
import { MANIFEST_FORMAT, type Manifest, type ManifestDocument } from '../../common/manifest.js';
import { type DocumentMetadata, type ExclusionReason, exclusionReason, sortNewestFirst } from '../search/document-metadata.js';
import type { DocumentOutcome } from './write-documents.js';

/** Every row of a patient split by the download rule and the user's choice, each side newest first. */
export interface Classified {
  readonly eligible: ReadonlyArray<DocumentMetadata>;
  /** Rows that cannot be downloaded, with the reason; with a choice, only the chosen ones. */
  readonly excluded: ReadonlyArray<{ readonly document: DocumentMetadata; readonly reason: ExclusionReason }>;
  /** Rows the user did not choose: not part of this download, but still listed in its manifest. */
  readonly notChosen: ReadonlyArray<DocumentMetadata>;
  /** Chosen ids that are not rows of this patient (the record changed since the user chose): nothing may be downloaded. */
  readonly unknownIds: ReadonlyArray<string>;
}

/** What a download was asked for: every eligible document, or only the chosen ids among them. */
export interface DownloadChoice {
  readonly documentIds?: ReadonlyArray<string>;
}

/** The manifest's reason for a document the user did not choose, beside the exclusion reasons. */
export const NOT_CHOSEN = 'not chosen';

/** Splits a patient's rows into eligible (uploaded, not deleted, Clean), excluded with the reason, and not chosen. */
export function classifyDocuments(rows: ReadonlyArray<DocumentMetadata>, choice: DownloadChoice = {}): Classified {
  const chosen = choice.documentIds === undefined ? undefined : new Set(choice.documentIds);
  const known = new Set(rows.map((row) => row.id));
  const unknownIds = [...(chosen ?? [])].filter((id) => !known.has(id));
  const eligible: DocumentMetadata[] = [];
  const excluded: Array<{ document: DocumentMetadata; reason: ExclusionReason }> = [];
  const notChosen: DocumentMetadata[] = [];
  for (const document of sortNewestFirst(rows, (row) => row)) {
    if (chosen !== undefined && !chosen.has(document.id)) {
      notChosen.push(document);
      continue;
    }
    const reason = exclusionReason(document);
    if (reason === undefined) {
      eligible.push(document);
    } else {
      excluded.push({ document, reason });
    }
  }
  return { eligible, excluded, notChosen, unknownIds };
}

export interface ManifestInput {
  readonly nhsNumber: string;
  readonly correlationId: string;
  readonly createdAt: Date;
  readonly application: { readonly name: string; readonly version: string };
  readonly outcomes: ReadonlyArray<DocumentOutcome>;
  readonly excluded: Classified['excluded'];
  /** Absent when the download took every eligible document. */
  readonly notChosen?: Classified['notChosen'];
}

/**
 * Builds the manifest: every document of the patient, newest first, with what happened to it. A document the user
 * did not choose is `excluded` with the reason "not chosen", so every reader of format @1 still accepts the manifest.
 */
export function buildManifest(input: ManifestInput): Manifest {
  const listed = [
    ...input.outcomes.map((outcome) => ({ document: outcome.candidate.document, entry: outcomeEntry(outcome) })),
    ...input.excluded.map(({ document, reason }) => ({
      document,
      entry: { ...baseEntry(document), status: 'excluded' as const, reason } satisfies ManifestDocument,
    })),
    ...(input.notChosen ?? []).map((document) => ({
      document,
      entry: { ...baseEntry(document), status: 'excluded' as const, reason: NOT_CHOSEN } satisfies ManifestDocument,
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
      excluded: documents.filter((document) => document.status === 'excluded').length,
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
