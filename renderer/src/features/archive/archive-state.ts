/**
 * The archive section as a pure reducer: the list of saved ZIPs (newest first), what the last check of each file
 * found, which entries have an action running, and what to tell the user. An operation the user cancelled ends
 * quietly: no problem, no notice.
 */
import type { ArchiveEntryView, ArchiveImport, ArchiveRecovery } from '../../../../common/archive.js';
import type { ErrorPayload, Result } from '../../../../common/result.js';
import { isCancelled } from '../../shared/archive-progress.js';
import { assertNever } from '../../shared/assert-never.js';

export type ListingState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly entries: ReadonlyArray<ArchiveEntryView>; readonly recovered: ArchiveRecovery | null }
  | { readonly status: 'failed'; readonly error: ErrorPayload };

/** A message about the last action, announced politely. */
export interface Notice {
  readonly kind: 'success' | 'info';
  readonly text: string;
}

export interface ArchiveState {
  readonly listing: ListingState;
  /** The latest check of each entry, by id; it outlives re-listing, which does not read the files. */
  readonly checked: ReadonlyMap<string, ArchiveEntryView>;
  readonly verifyingAll: boolean;
  /** True while "Add a ZIP…" runs (main asks for the file, then hashes and reads it). */
  readonly adding: boolean;
  /** Entries with an action running. */
  readonly busy: ReadonlySet<string>;
  /** Entries whose file is being hashed ("Check the file is unchanged", "Locate…"): main reports its progress. */
  readonly checking: ReadonlySet<string>;
  /** What went wrong with an entry's last action, by id. */
  readonly problems: ReadonlyMap<string, string>;
  /** What went wrong with an action on the whole archive ("Add a ZIP…", "Verify all"). */
  readonly problem: ErrorPayload | null;
  readonly notice: Notice | null;
  /** The last "Add a ZIP…" that added or found a ZIP, with its manifest check. */
  readonly imported: ArchiveImport | null;
}

export type ArchiveAction =
  | { readonly type: 'listed'; readonly result: Result<{ readonly entries: ReadonlyArray<ArchiveEntryView>; readonly recovered: ArchiveRecovery | null }> }
  | { readonly type: 'verify-all-started' }
  | { readonly type: 'verify-all-finished'; readonly result: Result<ReadonlyArray<ArchiveEntryView>>; readonly announce: boolean }
  | { readonly type: 'add-started' }
  | { readonly type: 'entry-started'; readonly id: string; readonly hashes?: boolean }
  | { readonly type: 'entry-failed'; readonly id: string; readonly error: ErrorPayload }
  | { readonly type: 'entry-finished'; readonly id: string; readonly notice: Notice | null }
  | { readonly type: 'entry-checked'; readonly view: ArchiveEntryView; readonly notice: Notice | null }
  | { readonly type: 'entry-removed'; readonly id: string; readonly notice: Notice }
  | { readonly type: 'add-finished'; readonly result: Result<ArchiveImport | null> }
  | { readonly type: 'problem'; readonly error: ErrorPayload | null };

export const INITIAL_ARCHIVE_STATE: ArchiveState = {
  listing: { status: 'loading' },
  checked: new Map(),
  verifyingAll: false,
  adding: false,
  busy: new Set(),
  checking: new Set(),
  problems: new Map(),
  problem: null,
  notice: null,
  imported: null,
};

export function archiveReducer(state: ArchiveState, action: ArchiveAction): ArchiveState {
  switch (action.type) {
    case 'listed':
      return {
        ...state,
        listing: action.result.ok
          ? { status: 'ready', entries: action.result.value.entries, recovered: action.result.value.recovered }
          : { status: 'failed', error: action.result.error },
      };
    case 'verify-all-started':
      return { ...state, verifyingAll: true, problem: null, notice: null };
    case 'verify-all-finished':
      if (action.result.ok) {
        return { ...state, verifyingAll: false, checked: withChecks(state.checked, action.result.value), notice: action.announce ? verifyAllNotice(action.result.value) : state.notice };
      }
      return { ...state, verifyingAll: false, problem: isCancelled(action.result.error) ? null : action.result.error };
    case 'add-started':
      return { ...state, adding: true, problem: null, notice: null };
    case 'entry-started':
      return {
        ...state,
        busy: new Set(state.busy).add(action.id),
        checking: action.hashes === true ? new Set(state.checking).add(action.id) : state.checking,
        problems: withoutKey(state.problems, action.id),
        notice: null,
        problem: null,
      };
    case 'entry-failed':
      return {
        ...ended(state, action.id),
        problems: isCancelled(action.error) ? state.problems : new Map(state.problems).set(action.id, action.error.message),
      };
    case 'entry-finished':
      return { ...ended(state, action.id), notice: action.notice };
    case 'entry-checked':
      return {
        ...ended(state, action.view.entry.id),
        checked: withChecks(state.checked, [action.view]),
        listing: replaceEntry(state.listing, action.view),
        notice: action.notice,
      };
    case 'entry-removed':
      return {
        ...ended(state, action.id),
        checked: withoutKey(state.checked, action.id),
        listing:
          state.listing.status === 'ready' ? { ...state.listing, entries: state.listing.entries.filter((view) => view.entry.id !== action.id) } : state.listing,
        imported: state.imported?.entry.id === action.id ? null : state.imported,
        notice: action.notice,
      };
    case 'add-finished':
      if (!action.result.ok) {
        return { ...state, adding: false, problem: isCancelled(action.result.error) ? null : action.result.error };
      }
      return action.result.value === null
        ? { ...state, adding: false, notice: { kind: 'info', text: 'No ZIP was added.' } }
        : { ...state, adding: false, imported: action.result.value, notice: null };
    case 'problem':
      return { ...state, problem: action.error };
    default:
      return assertNever(action);
  }
}

/** An entry as the list shows it: its latest check when there is one. */
export function currentView(state: ArchiveState, listed: ArchiveEntryView): ArchiveEntryView {
  return state.checked.get(listed.entry.id) ?? listed;
}

/** True while main hashes or reads a ZIP for the archive list: its progress and "Cancel" are shown. */
export function isHashing(state: ArchiveState): boolean {
  return state.verifyingAll || state.adding || state.checking.size > 0;
}

function ended(state: ArchiveState, id: string): ArchiveState {
  return { ...state, busy: withoutItem(state.busy, id), checking: withoutItem(state.checking, id) };
}

function verifyAllNotice(views: ReadonlyArray<ArchiveEntryView>): Notice {
  const count = (status: string) => views.filter((view) => view.status === status).length;
  const zips = views.length === 1 ? '1 ZIP' : `${views.length} ZIPs`;
  return { kind: 'info', text: `Checked ${zips}: ${count('verified')} verified, ${count('changed')} changed, ${count('missing')} missing.` };
}

function withChecks(checked: ReadonlyMap<string, ArchiveEntryView>, views: ReadonlyArray<ArchiveEntryView>): ReadonlyMap<string, ArchiveEntryView> {
  const next = new Map(checked);
  for (const view of views) {
    next.set(view.entry.id, view);
  }
  return next;
}

// A relocated entry has a new path: the list shows it at once.
function replaceEntry(listing: ListingState, view: ArchiveEntryView): ListingState {
  return listing.status === 'ready'
    ? { ...listing, entries: listing.entries.map((listed) => (listed.entry.id === view.entry.id ? { ...listed, entry: view.entry } : listed)) }
    : listing;
}

function withoutKey<T>(map: ReadonlyMap<string, T>, id: string): ReadonlyMap<string, T> {
  const next = new Map(map);
  next.delete(id);
  return next;
}

function withoutItem(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  next.delete(id);
  return next;
}
