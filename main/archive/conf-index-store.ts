import Conf from 'conf';
import { type ArchiveIndex, openArchiveIndex } from './archive-index.js';
import type { IndexStoreFactory } from './index-file.js';
import { indexStoreFactory } from './index-store.js';

/** The index's store under Node (CLI, tests): conf, the library electron-store wraps, so both read the same file. */
export function confIndexStore(dataDir: string): IndexStoreFactory {
  // clearInvalidConfig: false makes conf throw on a damaged file instead of silently starting empty.
  return indexStoreFactory(
    dataDir,
    (cwd, configName) => new Conf({ projectName: 'document-store-desktop', cwd, configName, clearInvalidConfig: false }),
  );
}

/** The archive index in a data folder, under Node. */
export function openConfArchive(dataDir: string, retentionDays?: number): ArchiveIndex {
  return openArchiveIndex({ store: confIndexStore(dataDir), retentionDays });
}
