/**
 * The record journey wired to main: the hook that runs searches and downloads and follows their progress events.
 */
import { useCallback, useEffect, useMemo, useReducer } from 'react';
import type { DocumentStoreApi } from '../../../common/contract.js';
import type { ResultsActions } from '../features/results/results-view.js';
import { settle } from '../shared/document-store.js';
import { INITIAL_JOURNEY_STATE, type JourneyState, journeyReducer } from './journey-state.js';

/** What the journey's views can ask for: everything the results view can, and cancelling a running search. */
export interface JourneyActions extends ResultsActions {
  readonly cancelSearch: (requestId: string) => void;
}

/**
 * Runs the journey's searches and downloads through main and follows their progress.
 *
 * Progress listeners are subscribed once for the journey's life (so no early event is missed) and the reducer keeps
 * only events for the request it is waiting for; both subscriptions end in the effects' cleanup. `now` stamps each
 * download progress event, for the speed and the time left.
 */
export function useRecordJourney(
  api: DocumentStoreApi,
  now: () => number = Date.now,
): { readonly state: JourneyState; readonly actions: JourneyActions } {
  const [state, dispatch] = useReducer(journeyReducer, INITIAL_JOURNEY_STATE);

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
        dispatch({ type: 'download-progress', requestId, progress, at: now() });
      }),
    [api, now],
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
    (nhsNumber: string, documentIds?: ReadonlyArray<string>) => {
      const requestId = crypto.randomUUID();
      dispatch({ type: 'download-started', requestId });
      const request = documentIds === undefined ? { requestId, nhsNumber } : { requestId, nhsNumber, documentIds: [...documentIds] };
      void settle(api.download.start(request)).then((result) => {
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
