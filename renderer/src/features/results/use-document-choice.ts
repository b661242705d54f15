/** The hook behind choosing documents: the query (find, filters, sort), the rows it shows, and which are selected. */
import { useCallback, useMemo, useState } from 'react';
import type { DocumentRow } from './document-lists.js';
import { applyQuery, type DocumentQuery, EVERY_DOCUMENT } from './document-query.js';

export interface DocumentChoice {
  readonly query: DocumentQuery;
  readonly setQuery: (query: DocumentQuery) => void;
  /** The rows the query keeps, in its order. */
  readonly shown: ReadonlyArray<DocumentRow>;
  readonly selected: ReadonlySet<string>;
  /** The available documents that are selected, shown or not, in the list's order: what "Download selected" saves. */
  readonly selectedIds: ReadonlyArray<string>;
  readonly toggle: (id: string) => void;
  /** Selects every row shown, or clears them; rows hidden by a filter keep their choice. */
  readonly selectShown: (select: boolean) => void;
}

/**
 * The user's choice among `available`. A selection outlives a filter and a Refresh; a document no longer in the list
 * is not counted.
 */
export function useDocumentChoice(available: ReadonlyArray<DocumentRow>): DocumentChoice {
  const [query, setQuery] = useState(EVERY_DOCUMENT);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const shown = useMemo(() => applyQuery(available, query), [available, query]);
  const selectedIds = useMemo(() => available.flatMap((row) => (selected.has(row.id) ? [row.id] : [])), [available, selected]);
  const toggle = useCallback((id: string) => {
    setSelected((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) {
        next.add(id);
      }
      return next;
    });
  }, []);
  const selectShown = useCallback(
    (select: boolean) => {
      setSelected((previous) => {
        const next = new Set(previous);
        for (const row of shown) {
          if (select) {
            next.add(row.id);
          } else {
            next.delete(row.id);
          }
        }
        return next;
      });
    },
    [shown],
  );
  return { query, setQuery, shown, selected, selectedIds, toggle, selectShown };
}
