import { join } from 'node:path';
import type { IndexStore, IndexStoreFactory } from './index-file.js';

/** The index file's name (without `.json`) in the app's data folder. */
export const INDEX_NAME = 'archive-index';

/** Opens a store named `name` in `folder`: the app passes electron-store, Node passes conf (see conf-index-store.ts). */
export type OpenStoreIn = (folder: string, name: string) => IndexStore;

/** The index's store in the data folder, opened by the given function. */
export function indexStoreFactory(dataDir: string, openIn: OpenStoreIn): IndexStoreFactory {
  return { path: join(dataDir, `${INDEX_NAME}.json`), open: () => openIn(dataDir, INDEX_NAME) };
}
