/** The archive section: the list of saved ZIPs, or one of them opened in the offline viewer. */
import { useState } from 'react';
import type { ArchiveEntryView } from '../../../../common/archive.js';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import { ZipView } from '../viewer/zip-view.js';
import { ArchiveListView } from './archive-list-view.js';
import { useArchive } from './use-archive.js';

export interface ArchiveSectionProps {
  readonly api: DocumentStoreApi;
  /** "Download again" for a ZIP that changed: the app shows the record search for this NHS number. */
  readonly onDownloadAgain?: (nhsNumber: string) => void;
}

/** The archive section: the list of saved ZIPs, or one ZIP opened offline. The list keeps its state meanwhile. */
export function ArchiveSection({ api, onDownloadAgain }: ArchiveSectionProps) {
  const { state, actions } = useArchive(api);
  const [opened, setOpened] = useState<ArchiveEntryView | null>(null);
  return opened === null ? (
    <ArchiveListView api={api} state={state} actions={actions} onOpen={setOpened} onDownloadAgain={onDownloadAgain} />
  ) : (
    <ZipView api={api} view={opened} onBack={() => setOpened(null)} />
  );
}
