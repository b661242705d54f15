/**
 * The background copies of saved ZIPs to the document store as the window knows them: read from main once, then kept
 * current by each change main reports ('trace-copies:changed'), until the component goes.
 */
import { useEffect, useMemo, useState } from 'react';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import type { TraceCopyStatus } from '../../../../common/download.js';
import { settle } from '../../shared/document-store.js';

/** Every copy of this run, oldest first; empty until main answers (or when it cannot). */
export function useTraceCopies(api: DocumentStoreApi): ReadonlyArray<TraceCopyStatus> {
  const [copies, setCopies] = useState<ReadonlyMap<string, TraceCopyStatus>>(() => new Map());
  useEffect(() => {
    let current = true;
    // Listening first, so no change between the answer and the subscription is lost.
    const unsubscribe = api.traceCopies.onChanged((status) => {
      setCopies((before) => new Map(before).set(status.correlationId, status));
    });
    void settle(api.traceCopies.list()).then((result) => {
      if (!current || !result.ok) {
        return;
      }
      // A change heard since listening began is never older than the list (which may come by another connection,
      // as in the web preview): the list fills in only the copies no change has named.
      setCopies((before) => {
        const next = new Map(before);
        for (const status of result.value) {
          if (!next.has(status.correlationId)) {
            next.set(status.correlationId, status);
          }
        }
        return next;
      });
    });
    return () => {
      current = false;
      unsubscribe();
    };
  }, [api]);
  return useMemo(() => [...copies.values()], [copies]);
}

/**
 * One download's copy: as it stood at "Saved" (the summary's), then as main reports it. Undefined when the download
 * kept no copy to follow (policy 'before-save', whose copy was made before the save).
 */
export function useTraceCopy(api: DocumentStoreApi, atSave: TraceCopyStatus | undefined): TraceCopyStatus | undefined {
  const copies = useTraceCopies(api);
  if (atSave === undefined || atSave.mode !== 'background') {
    return atSave;
  }
  return copies.find((copy) => copy.correlationId === atSave.correlationId) ?? atSave;
}
