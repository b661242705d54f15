/**
 * Turns a searchset Bundle into the rows the results tables show, split by whether they can be downloaded.
 *
 * Runs once per search result (not per render), so a 5,000-row list is formatted only once. The Bundle is already
 * newest first; its order is kept.
 */
import { type SearchsetBundle, virusScanResultOf } from '../../../../common/fhir.js';
import { describeContentType, formatUploadedAt } from '../../shared/format.js';

/** One listed document as the tables show it. */
export interface DocumentRow {
  readonly id: string;
  readonly fileName: string;
  readonly type: string;
  readonly uploadedAt: string;
}

/** A document the download leaves out, with the reason in words. */
export interface NotAvailableRow extends DocumentRow {
  readonly reason: string;
}

export interface DocumentLists {
  readonly available: ReadonlyArray<DocumentRow>;
  readonly notAvailable: ReadonlyArray<NotAvailableRow>;
}

/** Available = virus scan Clean; everything else is listed as not available with its scan value. */
export function toDocumentLists(bundle: SearchsetBundle): DocumentLists {
  const available: DocumentRow[] = [];
  const notAvailable: NotAvailableRow[] = [];
  for (const { resource } of bundle.entry ?? []) {
    const attachment = resource.content[0].attachment;
    const row: DocumentRow = {
      id: resource.id,
      fileName: attachment.title,
      type: describeContentType(attachment.contentType),
      uploadedAt: formatUploadedAt(resource.date),
    };
    const scanResult = virusScanResultOf(resource);
    if (scanResult === 'Clean') {
      available.push(row);
    } else {
      notAvailable.push({ ...row, reason: `Virus scan: ${scanResult}` });
    }
  }
  return { available, notAvailable };
}
