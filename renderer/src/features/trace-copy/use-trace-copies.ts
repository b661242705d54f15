/**
 * The background copies of saved ZIPs to the document store as the window knows them: read from main once, then kept
 * current by each change main reports ('trace-copies:changed'), while any component of the window follows them.
 */
import { useSyncExternalStore } from 'react';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import type { TraceCopyStatus } from '../../../../common/download.js';
import { traceCopyFeed } from './trace-copy-feed.js';

/** Every copy of this run, oldest first; empty until main answers (or when it cannot). */
export function useTraceCopies(api: DocumentStoreApi): ReadonlyArray<TraceCopyStatus> {
  const feed = traceCopyFeed(api);
  return useSyncExternalStore(feed.subscribe, feed.read);
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
