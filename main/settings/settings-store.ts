import type { Settings } from '../../common/contract.js';
import { type PolicySaveFolder, saveFolderUnderPolicy } from '../config/policy.js';

/** The part of electron-store's (and conf's) API the settings use, so either can back them. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** The user's settings, typed, over a key-value store, with the machine policy applied. */
export interface SettingsStore {
  read(): Settings;
  /**
   * Stores the user's choice of folder. Ignored while the policy locks the folder (the handler refuses first, with a
   * message): the locked folder is the only one the app ever saves into.
   */
  setSaveFolder(folder: string): void;
}

/** The JSON schema electron-store and conf check every write against. */
export const SETTINGS_SCHEMA = {
  saveFolder: { type: ['string', 'null'], default: null },
} as const;

/**
 * The settings the app uses: the user's own choices in `store`, under the machine policy (`backend.policy`).
 *
 * A locked policy folder wins whatever the store holds; an unlocked one is used until the user picks another.
 */
export function createSettings(store: KeyValueStore, policy?: { readonly saveFolder?: PolicySaveFolder }): SettingsStore {
  const policyFolder = policy?.saveFolder;
  return {
    read() {
      const stored = store.get('saveFolder');
      const userChoice = typeof stored === 'string' && stored !== '' ? stored : null;
      const { saveFolder, locked } = saveFolderUnderPolicy(policyFolder, userChoice);
      return {
        saveFolder,
        saveFolderLocked: locked,
        saveFolderFromPolicy: policyFolder !== undefined && saveFolder === policyFolder.path && (locked || userChoice === null),
      };
    },
    setSaveFolder(folder) {
      if (policyFolder?.locked !== true) {
        store.set('saveFolder', folder);
      }
    },
  };
}

/** The settings with no policy in force (tools and tests). */
export function createSettingsStore(store: KeyValueStore): SettingsStore {
  return createSettings(store, undefined);
}
