/** What a saved download tells the person: the file, the documents in it, those missing or left out, and the ids to quote. */
import type { DownloadSummary } from '../../common/download.js';
import type { WrittenZip } from './build-zip.js';
import type { DocumentMetadata, ExclusionReason } from '../search/document-metadata.js';
import type { SavedFile } from './save/save-to-folder.js';

/** The documents the ZIP holds. */
export function includedOf(zip: WrittenZip | undefined) {
  return (zip?.outcomes ?? []).flatMap((outcome) => (outcome.status === 'included' ? [outcome] : []));
}

export function downloadSummary(
  zip: WrittenZip,
  excluded: ReadonlyArray<{ readonly document: DocumentMetadata; readonly reason: ExclusionReason }>,
  saved: SavedFile,
  ids: { readonly correlationId: string; readonly traceId: string; readonly zipLocation: string },
): DownloadSummary {
  return {
    file: saved.path,
    sha256: saved.sha256,
    bytes: saved.bytes,
    included: includedOf(zip).map(({ candidate }) => ({
      id: candidate.document.id,
      fileName: candidate.document.fileName,
      entryName: candidate.entryName,
    })),
    missing: zip.outcomes.flatMap((outcome) =>
      outcome.status === 'missing' ? [{ id: outcome.candidate.document.id, fileName: outcome.candidate.document.fileName, error: outcome.error }] : [],
    ),
    excluded: excluded.map(({ document, reason }) => ({ id: document.id, fileName: document.fileName, reason })),
    correlationId: ids.correlationId,
    zipLocation: ids.zipLocation,
    traceId: ids.traceId,
    savedAt: new Date().toISOString(),
  };
}
