/** The archive section: the list of saved ZIPs, or one of them opened in the offline viewer. */
import { useState } from 'react';
import type { ArchiveEntryView } from '../../../../common/archive.js';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import { ZipView } from '../viewer/zip-view.js';
import { ArchiveListView } from './archive-list-view.js';
import { useArchive } from './use-archive.js';

/** The archive section: the list of saved ZIPs, or one ZIP opened offline. The list keeps its state meanwhile. */
export function ArchiveSection({ api }: { readonly api: DocumentStoreApi }) {
  const { state, actions } = useArchive(api);
  const [opened, setOpened] = useState<ArchiveEntryView | null>(null);
  return opened === null ? (
    <ArchiveListView state={state} actions={actions} onOpen={setOpened} />
  ) : (
    <ZipView api={api} view={opened} onBack={() => setOpened(null)} />
  );
}
