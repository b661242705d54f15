/**
 * Turns a searchset Bundle into the rows the results tables show, split by whether they can be downloaded.
 *
 * Runs once per search result (not per render), so a 5,000-row list is formatted only once. The Bundle is already
 * newest first; its order is kept.
 */
import { type SearchsetBundle, virusScanResultOf } from '../../../../common/fhir.js';
import { describeContentType, formatUploadedAt } from '../../shared/format.js';
import { describeScanResult } from '../../shared/unavailable-reasons.js';

/** One listed document as the tables show it. */
export interface DocumentRow {
  readonly id: string;
  readonly fileName: string;
  readonly type: string;
  /** In words, e.g. "27 November 2026, 21:40". */
  readonly uploadedAt: string;
  /** Milliseconds since the epoch, for sorting and date filters; undefined when not recorded. */
  readonly uploadedTime: number | undefined;
}

/** A document the download leaves out, with the reason in words ("Still being checked for viruses"). */
export interface NotAvailableRow extends DocumentRow {
  readonly reason: string;
}

export interface DocumentLists {
  readonly available: ReadonlyArray<DocumentRow>;
  readonly notAvailable: ReadonlyArray<NotAvailableRow>;
}

/** Available = virus scan Clean; everything else is listed as not available with what its scan value means. */
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
      uploadedTime: timeOf(resource.date),
    };
    const scanResult = virusScanResultOf(resource);
    if (scanResult === 'Clean') {
      available.push(row);
    } else {
      notAvailable.push({ ...row, reason: describeScanResult(scanResult) });
    }
  }
  return { available, notAvailable };
}

function timeOf(iso: string | undefined): number | undefined {
  const time = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(time) ? undefined : time;
}
