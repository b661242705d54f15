/**
 * The window's one following of main's copies to the document store, shared by every component that shows them: one
 * 'trace-copies:list' call and one 'trace-copies:changed' subscription while any of them is mounted, none after.
 */
import type { DocumentStoreApi } from '../../../../common/contract.js';
import type { TraceCopyStatus } from '../../../../common/download.js';
import { settle } from '../../shared/document-store.js';

/** What useSyncExternalStore needs, stable for one bridge so React does not subscribe again on each render. */
export interface TraceCopyFeed {
  readonly subscribe: (onChange: () => void) => () => void;
  /** Every copy of this run, oldest first; empty until main answers (or when it cannot). */
  readonly read: () => ReadonlyArray<TraceCopyStatus>;
}

const NO_COPIES: ReadonlyArray<TraceCopyStatus> = [];

const feeds = new WeakMap<DocumentStoreApi, TraceCopyFeed>();

/** The feed of this bridge (a test's fake bridge gets its own). */
export function traceCopyFeed(api: DocumentStoreApi): TraceCopyFeed {
  let feed = feeds.get(api);
  if (feed === undefined) {
    feed = createFeed(api);
    feeds.set(api, feed);
  }
  return feed;
}

function createFeed(api: DocumentStoreApi): TraceCopyFeed {
  const listeners = new Set<() => void>();
  let copies: ReadonlyMap<string, TraceCopyStatus> = new Map();
  let snapshot = NO_COPIES;
  let stop = (): void => undefined;

  const update = (change: (next: Map<string, TraceCopyStatus>) => void) => {
    const next = new Map(copies);
    change(next);
    copies = next;
    snapshot = [...next.values()];
    listeners.forEach((listener) => listener());
  };

  /** Follows main's copies until the returned function is called. */
  const start = (): (() => void) => {
    let current = true;
    // Listening first, so no change between the answer and the subscription is lost.
    const unsubscribe = api.traceCopies.onChanged((status) => update((next) => next.set(status.correlationId, status)));
    void settle(api.traceCopies.list()).then((result) => {
      if (!current || !result.ok) {
        return;
      }
      // A change heard since listening began is never older than the list (which may come by another connection,
      // as in the web preview): the list fills in only the copies no change has named.
      update((next) => {
        for (const status of result.value) {
          if (!next.has(status.correlationId)) {
            next.set(status.correlationId, status);
          }
        }
      });
    });
    return () => {
      current = false;
      unsubscribe();
      // Forgotten rather than kept: nothing is heard while nobody listens, and copies kept would stop the next list
      // (which fills in only copies not yet known) from correcting them.
      copies = new Map();
      snapshot = NO_COPIES;
    };
  };

  return {
    subscribe: (onChange) => {
      listeners.add(onChange);
      if (listeners.size === 1) {
        stop = start();
      }
      return () => {
        listeners.delete(onChange);
        if (listeners.size === 0) {
          stop();
        }
      };
    },
    read: () => snapshot,
  };
}
