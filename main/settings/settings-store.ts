import type { Settings } from '../../preload/contract.js';

/** The part of electron-store's (and conf's) API the settings use, so either can back them. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** The user's settings, typed, over a key-value store. */
export interface SettingsStore {
  read(): Settings;
  setSaveFolder(folder: string): void;
}

/** The JSON schema electron-store and conf check every write against. */
export const SETTINGS_SCHEMA = {
  saveFolder: { type: ['string', 'null'], default: null },
} as const;

/** Wraps a store holding the settings. */
export function createSettingsStore(store: KeyValueStore): SettingsStore {
  return {
    read() {
      const saveFolder = store.get('saveFolder');
      return { saveFolder: typeof saveFolder === 'string' && saveFolder !== '' ? saveFolder : null };
    },
    setSaveFolder(folder) {
      store.set('saveFolder', folder);
    },
  };
}
