/** Where the archive index's store lives and how it is opened. */
import { join } from 'node:path';
import { CURRENT_USER_ONLY_MODE } from '../files/atomic-write.js';
import type { IndexStore, IndexStoreFactory } from './index-file.js';

/** The index file's name (without `.json`) in the app's data folder. */
export const INDEX_NAME = 'archive-index';

/** What the store's file is created with: conf's and electron-store's option of that name. */
export interface StoreFileOptions {
  readonly configFileMode: number;
}

/**
 * Opens a store named `name` in `folder`, passing `fileOptions` on: the app passes electron-store, Node passes conf
 * (see conf-index-store.ts).
 */
export type OpenStoreIn = (folder: string, name: string, fileOptions: StoreFileOptions) => IndexStore;

/** The index's store in the data folder, opened by the given function; it says which patients were looked at, so it is the current user's only. */
export function indexStoreFactory(dataDir: string, openIn: OpenStoreIn): IndexStoreFactory {
  return { path: join(dataDir, `${INDEX_NAME}.json`), open: () => openIn(dataDir, INDEX_NAME, { configFileMode: CURRENT_USER_ONLY_MODE }) };
}
