import { useCallback, useEffect, useMemo, useReducer } from 'react';
import type { DocumentStoreApi } from '../../../common/contract.js';
import { type AppState, INITIAL_STATE, appReducer } from '../app-state.js';
import { settle } from '../document-store.js';

/** What the views can ask the app to do. */
export interface AppActions {
  readonly search: (nhsNumber: string) => void;
  readonly cancelSearch: (requestId: string) => void;
  readonly startAgain: () => void;
  /** Starts the download; the caller has made sure a save folder is set. */
  readonly download: (nhsNumber: string) => void;
  readonly cancelDownload: (requestId: string) => void;
}

/**
 * The app's state machine wired to main: runs searches and downloads, and follows their progress events.
 *
 * Progress listeners are subscribed once for the app's life (so no early event is missed) and the reducer keeps only
 * events for the request it is waiting for; both subscriptions end in the effects' cleanup.
 */
export function useApp(api: DocumentStoreApi): { readonly state: AppState; readonly actions: AppActions } {
  const [state, dispatch] = useReducer(appReducer, INITIAL_STATE);

  useEffect(
    () =>
      api.documents.onSearchProgress(({ requestId, pagesRead, itemsRead }) => {
        dispatch({ type: 'search-progress', requestId, progress: { pagesRead, itemsRead } });
      }),
    [api],
  );
  useEffect(
    () =>
      api.download.onProgress(({ requestId, progress }) => {
        dispatch({ type: 'download-progress', requestId, progress });
      }),
    [api],
  );

  const search = useCallback(
    (nhsNumber: string) => {
      const requestId = crypto.randomUUID();
      dispatch({ type: 'search-started', requestId, nhsNumber });
      void settle(api.documents.search({ requestId, nhsNumber })).then((result) => {
        dispatch({ type: 'search-finished', requestId, result });
      });
    },
    [api],
  );

  const cancelSearch = useCallback(
    (requestId: string) => {
      // Back to the form at once; main stops reading, and its late answer is ignored.
      dispatch({ type: 'search-cancelled', requestId });
      void settle(api.documents.cancelSearch(requestId));
    },
    [api],
  );

  const startAgain = useCallback(() => {
    dispatch({ type: 'start-again' });
  }, []);

  const download = useCallback(
    (nhsNumber: string) => {
      const requestId = crypto.randomUUID();
      dispatch({ type: 'download-started', requestId });
      void settle(api.download.start({ requestId, nhsNumber })).then((result) => {
        dispatch({ type: 'download-finished', requestId, result });
      });
    },
    [api],
  );

  const cancelDownload = useCallback(
    (requestId: string) => {
      // The job reports 'cancelled' when it has stopped and cleaned up; until then the view says it is cancelling.
      dispatch({ type: 'download-cancelling', requestId });
      void settle(api.download.cancel(requestId));
    },
    [api],
  );

  const actions = useMemo(
    () => ({ search, cancelSearch, startAgain, download, cancelDownload }),
    [search, cancelSearch, startAgain, download, cancelDownload],
  );
  return { state, actions };
}
