/** The settings hook: the save folder as main reports it (with the organisation's policy applied), and choosing one. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DocumentStoreApi, Settings } from '../../../../common/contract.js';
import type { ErrorPayload } from '../../../../common/result.js';
import { settle } from '../../shared/document-store.js';

export interface SettingsState {
  /** Undefined while loading; null when no folder has been chosen yet. */
  readonly saveFolder: string | null | undefined;
  /** The organisation's policy fixes the folder: shown as managed, with no way to change it. */
  readonly saveFolderLocked: boolean;
  /** The folder is the policy's (locked, or its default the user has not replaced). */
  readonly saveFolderFromPolicy: boolean;
  /** True while the folder dialog is open. */
  readonly choosing: boolean;
  readonly error: ErrorPayload | null;
}

export interface SettingsActions {
  /** Opens the folder dialog; resolves with the folder now set (null when still none). */
  readonly chooseFolder: () => Promise<string | null>;
  /** The folder to save to, asking for one first when none is set; null when the user chose none. */
  readonly ensureFolder: () => Promise<string | null>;
}

/** The save folder from `settings.get()`, and changing it with `settings.chooseFolder()`. */
export function useSettings(api: DocumentStoreApi): { readonly settings: SettingsState; readonly settingsActions: SettingsActions } {
  const [settings, setSettings] = useState<SettingsState>({ saveFolder: undefined, saveFolderLocked: false, saveFolderFromPolicy: false, choosing: false, error: null });

  useEffect(() => {
    let current = true;
    void settle(api.settings.get()).then((result) => {
      if (current) {
        setSettings((previous) => (result.ok ? { ...previous, ...result.value, error: null } : { ...previous, error: result.error }));
      }
    });
    return () => {
      current = false;
    };
  }, [api]);

  const chooseFolder = useCallback(async (): Promise<string | null> => {
    setSettings((previous) => ({ ...previous, choosing: true, error: null }));
    const result = await settle<Settings>(api.settings.chooseFolder());
    if (!result.ok) {
      setSettings((previous) => ({ ...previous, choosing: false, error: result.error }));
      return null;
    }
    setSettings({ ...result.value, choosing: false, error: null });
    return result.value.saveFolder;
  }, [api]);

  const { saveFolder } = settings;
  const ensureFolder = useCallback(
    async (): Promise<string | null> => (typeof saveFolder === 'string' ? saveFolder : chooseFolder()),
    [saveFolder, chooseFolder],
  );

  const settingsActions = useMemo(() => ({ chooseFolder, ensureFolder }), [chooseFolder, ensureFolder]);
  return { settings, settingsActions };
}
