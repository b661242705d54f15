/**
 * The app-wide line while copies of saved ZIPs are still on their way to the document store ("Sending 1 copy to the
 * document store."), on every view, so the person knows after leaving the saved outcome. It says nothing of progress,
 * only how many copies are being sent or waiting to be tried again, so screen readers hear it only when that changes.
 */
import type { DocumentStoreApi } from '../../../../common/contract.js';
import { copiesUnderWay, describeCopiesUnderWay } from './trace-copy-words.js';
import { useTraceCopies } from './use-trace-copies.js';

export function TraceCopyIndicator({ api }: { readonly api: DocumentStoreApi }) {
  const copies = useTraceCopies(api);
  const words = describeCopiesUnderWay(copiesUnderWay(copies));
  return (
    // Always in the page, so what is put in it is announced; polite, as nothing here needs the person to act.
    <div role="status" className="nhsuk-width-container app-trace-copy-indicator">
      {words === null ? null : <p className="nhsuk-body-s nhsuk-u-margin-top-3 nhsuk-u-margin-bottom-0">{words}</p>}
    </div>
  );
}
