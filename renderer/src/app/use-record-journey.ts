/**
 * The record journey wired to main: the hook that looks patients up, runs searches and downloads, follows their
 * progress events, and forgets the patient when the session ends.
 */
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import type { DocumentStoreApi } from '../../../common/contract.js';
import type { ResultsActions } from '../features/results/results-view.js';
import { settle } from '../shared/document-store.js';
import { INITIAL_JOURNEY_STATE, type JourneyState, confirmedPatientOf, journeyReducer } from './journey-state.js';

/** What the journey's views can ask for: everything the results view can, the look-up and its confirmation. */
export interface JourneyActions extends ResultsActions {
  /** Finds the patient with this (valid) NHS number, for the user to confirm. */
  readonly lookUp: (nhsNumber: string) => void;
  readonly cancelLookUp: (requestId: string) => void;
  /** Back to the form with the number typed. */
  readonly searchAgain: () => void;
  /** Lists the confirmed patient's documents: "Confirm this is the right patient", Try again, Refresh. */
  readonly searchDocuments: () => void;
  readonly cancelSearch: (requestId: string) => void;
}

export interface RecordJourneyOptions {
  /**
   * Who the journey belongs to: a key for the signed-in person and role, null when signed out, undefined while that
   * is not known (starting, signing in, choosing a role). When it changes to null or to someone else, the journey is
   * cleared, so no patient's details stay on screen.
   */
  readonly holder: string | null | undefined;
  /** Stamps each download progress event, for the speed and the time left. */
  readonly now?: () => number;
}

/**
 * Runs the journey's look-ups, searches and downloads through main and follows their progress.
 *
 * Progress listeners are subscribed once for the journey's life (so no early event is missed) and the reducer keeps
 * only events for the request it is waiting for; both subscriptions end in the effects' cleanup.
 */
export function useRecordJourney(api: DocumentStoreApi, { holder, now = Date.now }: RecordJourneyOptions): {
  readonly state: JourneyState;
  readonly actions: JourneyActions;
} {
  const [state, dispatch] = useReducer(journeyReducer, INITIAL_JOURNEY_STATE);
  const [heldBy, setHeldBy] = useState<string | null>(null);
  if (holder !== undefined && holder !== heldBy) {
    // During render, not in an effect, so not even one frame shows a patient to a signed-out window or another person.
    setHeldBy(holder);
    dispatch({ type: 'cleared' });
  }

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

  const lookUp = useCallback(
    (nhsNumber: string) => {
      const requestId = crypto.randomUUID();
      dispatch({ type: 'look-up-started', requestId, nhsNumber });
      void settle(api.patients.lookUp(nhsNumber)).then((result) => {
        dispatch({ type: 'look-up-finished', requestId, result });
      });
    },
    [api],
  );

  const cancelLookUp = useCallback((requestId: string) => {
    // main's look-up cannot be stopped, but it is short: its answer is ignored.
    dispatch({ type: 'look-up-cancelled', requestId });
  }, []);

  const searchAgain = useCallback(() => {
    dispatch({ type: 'search-again' });
  }, []);

  // Only a patient the user confirmed, and may search, is ever searched for: the number is theirs, not one typed.
  const confirmed = confirmedPatientOf(state);
  const downloading = state.view === 'results' && state.download.status === 'running';
  const searchDocuments = useCallback(() => {
    if (confirmed === null || downloading) {
      return;
    }
    const requestId = crypto.randomUUID();
    const { nhsNumber } = confirmed.patient;
    dispatch({ type: 'search-started', requestId });
    void settle(api.documents.search({ requestId, nhsNumber })).then((result) => {
      dispatch({ type: 'search-finished', requestId, result });
    });
  }, [api, confirmed, downloading]);

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

  const mayDownload = confirmed?.access.mayDownload === true;
  const download = useCallback(
    (nhsNumber: string, documentIds?: ReadonlyArray<string>, recordPdf = false) => {
      if (!mayDownload) {
        return;
      }
      const requestId = crypto.randomUUID();
      dispatch({ type: 'download-started', requestId, recordPdf });
      const request = { requestId, nhsNumber, ...(documentIds === undefined ? {} : { documentIds: [...documentIds] }), ...(recordPdf ? { recordPdf } : {}) };
      void settle(api.download.start(request)).then((result) => {
        dispatch({ type: 'download-finished', requestId, result });
      });
    },
    [api, mayDownload],
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
    () => ({ lookUp, cancelLookUp, searchAgain, searchDocuments, refresh: searchDocuments, cancelSearch, startAgain, download, cancelDownload }),
    [lookUp, cancelLookUp, searchAgain, searchDocuments, cancelSearch, startAgain, download, cancelDownload],
  );
  // The taskbar (or dock) shows the same share done as the window's bar, in whole percent so main hears each change once.
  const taskbarFraction = state.view === 'results' && state.download.status === 'running' ? Math.floor(state.download.progress.fraction * 100) / 100 : null;
  useEffect(() => {
    void settle(api.app.setTaskbarProgress(taskbarFraction));
  }, [api, taskbarFraction]);

  return { state, actions };
}
