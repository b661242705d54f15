import Conf from 'conf';
import type { IndexStoreFactory } from './index-file.js';
import { indexStoreFactory, type OpenStoreIn } from './index-store.js';

/** Opens the index's store under Node (CLI, preview, tests) with conf, the library electron-store wraps: both read the same file. */
export const confStoreIn: OpenStoreIn = (cwd, configName, { configFileMode }) =>
  // clearInvalidConfig: false makes conf throw on a damaged file instead of silently starting empty.
  new Conf({ projectName: 'document-store-desktop', cwd, configName, clearInvalidConfig: false, configFileMode });

/** The index's store in a data folder, under Node. */
export function confIndexStore(dataDir: string): IndexStoreFactory {
  return indexStoreFactory(dataDir, confStoreIn);
}
