/**
 * The saved outcome's line about this download's copy to the document store: being sent (with the share sent), kept,
 * kept but not checked, or not sent yet and when the app tries again. Nothing when no copy is kept. Where the copy is,
 * its checksum and the problem stay under "Technical details".
 */
import type { TraceCopyStatus } from '../../../../common/download.js';
import { describeTraceCopy } from './trace-copy-words.js';

export function TraceCopyLine({ status }: { readonly status: TraceCopyStatus | undefined }) {
  const words = status === undefined ? null : describeTraceCopy(status);
  if (words === null) {
    return null;
  }
  return (
    // Its own polite region inside the outcome's alert: a change of state is said once, calmly. The share sent
    // changes several times a second and is not announced (aria-live off); it is read with the line.
    <div role="status" className="nhsuk-inset-text app-trace-copy">
      <p>
        <strong>{words.headline}</strong>
        {words.percent === undefined ? null : <span aria-live="off">: {words.percent}% sent</span>}
      </p>
      <p>{words.detail}</p>
    </div>
  );
}
