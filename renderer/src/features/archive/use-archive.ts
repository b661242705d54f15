/** The archive hook: the archive state wired to main's archive calls, and the words for an entry's status. */
import { useCallback, useEffect, useMemo, useReducer } from 'react';
import type { ArchiveEntryView } from '../../../../common/archive.js';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import { formatNhsNumber } from '../../../../common/nhs-number.js';
import { settle } from '../../shared/document-store.js';
import { type ArchiveState, INITIAL_ARCHIVE_STATE, archiveReducer } from './archive-state.js';

/** What the archive views can ask for; every action names an entry by id. */
export interface ArchiveActions {
  readonly verify: (id: string) => void;
  readonly verifyAll: () => void;
  readonly locate: (id: string) => void;
  readonly remove: (view: ArchiveEntryView, deleteFile: boolean) => void;
  readonly add: () => void;
  readonly showInFolder: (id: string) => void;
  readonly openFile: (id: string) => void;
}

/**
 * The archive list wired to main: lists the ZIPs (newest first), then checks every file once, so each shows
 * Verified, Changed or Missing; later lists keep those results (listing does not read the files). Finding and sorting
 * are the table's own: main lists every ZIP once.
 */
export function useArchive(api: DocumentStoreApi): { readonly state: ArchiveState; readonly actions: ArchiveActions } {
  const [state, dispatch] = useReducer(archiveReducer, INITIAL_ARCHIVE_STATE);

  useEffect(() => {
    let unmounted = false;
    // A function, not a flag read in place: the cleanup flips it while the awaits below are pending.
    const mounted = () => !unmounted;
    void settle(api.archive.list()).then(async (result) => {
      if (!mounted()) {
        return;
      }
      dispatch({ type: 'listed', result });
      if (result.ok && result.value.entries.length > 0) {
        dispatch({ type: 'verify-all-started' });
        const verified = await settle(api.archive.verifyAll());
        if (mounted()) {
          // The first check of the files is routine: no "Checked N ZIPs" notice for it.
          dispatch({ type: 'verify-all-finished', result: verified, announce: false });
        }
      }
    });
    return () => {
      unmounted = true;
    };
  }, [api]);

  const verifyAll = useCallback(() => {
    dispatch({ type: 'verify-all-started' });
    void settle(api.archive.verifyAll()).then((result) => dispatch({ type: 'verify-all-finished', result, announce: true }));
  }, [api]);

  const verify = useCallback(
    (id: string) => {
      dispatch({ type: 'entry-started', id, hashes: true });
      void settle(api.archive.verify(id)).then((result) => {
        const view = result.ok ? result.value[0] : undefined;
        if (!result.ok) {
          dispatch({ type: 'entry-failed', id, error: result.error });
        } else if (view !== undefined) {
          dispatch({ type: 'entry-checked', view, notice: { kind: 'info', text: `${fileName(view.entry.path)}: ${statusSentence(view)}` } });
        }
      });
    },
    [api],
  );

  const locate = useCallback(
    (id: string) => {
      dispatch({ type: 'entry-started', id, hashes: true });
      void settle(api.archive.locate(id)).then((result) => {
        if (!result.ok) {
          dispatch({ type: 'entry-failed', id, error: result.error });
        } else if (result.value === null) {
          dispatch({ type: 'entry-finished', id, notice: { kind: 'info', text: 'No file was chosen, so the archive still points at the old place.' } });
        } else {
          const text = `Found it: the archive now points at ${result.value.entry.path}, and the file is unchanged since it was saved.`;
          dispatch({ type: 'entry-checked', view: result.value, notice: { kind: 'success', text } });
        }
      });
    },
    [api],
  );

  const remove = useCallback(
    (view: ArchiveEntryView, deleteFile: boolean) => {
      const { id } = view.entry;
      dispatch({ type: 'entry-started', id });
      void settle(api.archive.remove(id, { deleteFile })).then((result) => {
        if (!result.ok) {
          dispatch({ type: 'entry-failed', id, error: result.error });
          return;
        }
        const what = view.entry.nhsNumber === null ? fileName(result.value.file) : `The ZIP for NHS number ${formatNhsNumber(view.entry.nhsNumber)}`;
        const text = result.value.fileDeleted
          ? `${what} was removed from the archive and the file was deleted.`
          : `${what} was removed from the archive. The file was kept at ${result.value.file}.`;
        dispatch({ type: 'entry-removed', id, notice: { kind: 'success', text } });
      });
    },
    [api],
  );

  const add = useCallback(() => {
    dispatch({ type: 'add-started' });
    void settle(api.archive.add()).then(async (result) => {
      dispatch({ type: 'add-finished', result });
      if (result.ok && result.value !== null) {
        const { entry } = result.value;
        // The list shows the new ZIP in its place (newest first), then its check.
        dispatch({ type: 'listed', result: await settle(api.archive.list()) });
        const verified = await settle(api.archive.verify(entry.id));
        const view = verified.ok ? verified.value[0] : undefined;
        if (view !== undefined) {
          dispatch({ type: 'entry-checked', view, notice: null });
        }
      }
    });
  }, [api]);

  const showInFolder = useCallback(
    (id: string) => {
      dispatch({ type: 'entry-started', id });
      void settle(api.archive.showInFolder(id)).then((result) =>
        dispatch(result.ok ? { type: 'entry-finished', id, notice: null } : { type: 'entry-failed', id, error: result.error }),
      );
    },
    [api],
  );

  const openFile = useCallback(
    (id: string) => {
      dispatch({ type: 'entry-started', id });
      void settle(api.archive.openFile(id)).then((result) =>
        dispatch(result.ok ? { type: 'entry-finished', id, notice: null } : { type: 'entry-failed', id, error: result.error }),
      );
    },
    [api],
  );

  const actions = useMemo(
    () => ({ verify, verifyAll, locate, remove, add, showInFolder, openFile }),
    [verify, verifyAll, locate, remove, add, showInFolder, openFile],
  );
  return { state, actions };
}

/** The last part of a path, for messages. */
export function fileName(path: string): string {
  return path.split(/[/\\]/u).at(-1) ?? path;
}

/** The status in a sentence. */
export function statusSentence(view: ArchiveEntryView): string {
  if (view.problem !== null) {
    return view.problem;
  }
  switch (view.status) {
    case 'verified':
      return 'the file is there and unchanged since it was saved.';
    case 'changed':
      return 'the file has changed since it was saved. Do not rely on it; download the record again.';
    case 'missing':
      return 'the file is not where it was saved. It may have been moved or deleted: use "Locate…" to point at its new place.';
    default:
      return 'not checked yet.';
  }
}
