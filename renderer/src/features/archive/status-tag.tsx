/** An archived ZIP's status as an NHS tag. */
import type { ArchiveEntryView } from '../../../../common/archive.js';

/** Verified, Changed or Missing as an NHS tag; "Checking…" while the file is being hashed, "Not checked" before. */
export function StatusTag({ view, checking }: { readonly view: ArchiveEntryView; readonly checking: boolean }) {
  const [text, colour] =
    view.status === 'verified'
      ? ['Verified', 'green']
      : view.status === 'changed'
        ? ['Changed', 'red']
        : view.status === 'missing'
          ? ['Missing', 'orange']
          : checking
            ? ['Checking…', 'grey']
            : ['Not checked', 'grey'];
  return (
    <strong className={`nhsuk-tag nhsuk-tag--${colour}`}>
      <span className="nhsuk-u-visually-hidden">Status: </span>
      {text}
    </strong>
  );
}
