/** An archived ZIP's status as an NHS tag. */
import type { ArchiveEntryView } from '../../../../common/archive.js';

/** Verified, Changed or Missing as an NHS tag; "Checking…" while the file is being hashed, "Not checked" before the first check. */
export function StatusTag({ view, checking }: { readonly view: ArchiveEntryView; readonly checking: boolean }) {
  const [text, colour] = checking
    ? ['Checking…', 'grey']
    : view.status === 'verified'
      ? ['Verified', 'green']
      : view.status === 'changed'
        ? ['Changed', 'red']
        : view.status === 'missing'
          ? ['Missing', 'orange']
          : ['Not checked', 'grey'];
  return (
    <strong className={`nhsuk-tag nhsuk-tag--${colour}`}>
      <span className="nhsuk-u-visually-hidden">Status: </span>
      {text}
    </strong>
  );
}
