/**
 * Saving the same record again: the person is told when they saved it before ("You saved this record at 10:42
 * today") and chooses "Open that copy" or "Save again", so a second ZIP never appears silently as "(1)".
 */
import type { ArchiveEntry } from '../../../../common/archive.js';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import { settle } from '../../shared/document-store.js';
import { formatCalendarDate } from '../../shared/format.js';
import { useFocusOnMount } from '../../shared/use-focus.js';

/** The newest saved ZIP of this patient from a download, or null (none, or the archive cannot say: go on saving). */
export async function lastSaveOf(api: DocumentStoreApi, nhsNumber: string): Promise<ArchiveEntry | null> {
  const listed = await settle(api.archive.list({ nhsNumber }));
  if (!listed.ok) {
    return null;
  }
  const downloads = listed.value.entries.map((view) => view.entry).filter((entry) => entry.source === 'download' && entry.nhsNumber === nhsNumber);
  return downloads.toSorted((a, b) => b.savedAt.localeCompare(a.savedAt))[0] ?? null;
}

/** "at 10:42 today", or "on 3 March 2026 at 10:42": in the person's own time zone. */
export function whenSaved(savedAt: string, now: Date = new Date()): string {
  const saved = new Date(savedAt);
  const time = saved.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  const sameDay = saved.toDateString() === now.toDateString();
  return sameDay ? `at ${time} today` : `on ${formatCalendarDate(localDate(saved))} at ${time}`;
}

function localDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export interface SavedBeforeProps {
  readonly entry: ArchiveEntry;
  readonly onOpen: () => void;
  readonly onSaveAgain: () => void;
  readonly onKeep: () => void;
}

export function SavedBefore({ entry, onOpen, onSaveAgain, onKeep }: SavedBeforeProps) {
  const ref = useFocusOnMount<HTMLDivElement>();
  return (
    <div className="nhsuk-inset-text app-saved-before" ref={ref} tabIndex={-1} aria-labelledby="saved-before-heading">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <h3 id="saved-before-heading">You saved this record {whenSaved(entry.savedAt)}</h3>
      <p>Open that copy, or save the record again as a new file beside it.</p>
      <div className="nhsuk-button-group">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onOpen}>
          Open that copy
        </button>
        <button type="button" className="nhsuk-button" onClick={onSaveAgain}>
          Save again
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onKeep}>
          Cancel
        </button>
      </div>
    </div>
  );
}
