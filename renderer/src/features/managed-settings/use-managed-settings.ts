/** The hook behind the "Managed settings" page: asks main for the settings each time the page opens. */
import { useEffect, useState } from 'react';
import type { DocumentStoreApi } from '../../../../common/contract.js';
import type { ManagedSettingsView } from '../../../../common/managed-settings.js';
import type { ErrorPayload } from '../../../../common/result.js';
import { settle } from '../../shared/document-store.js';

export type ManagedSettingsState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly view: ManagedSettingsView }
  | { readonly status: 'failed'; readonly error: ErrorPayload };

/** Each setting, its value, source and errors (`app.managedSettings()`), read when the page mounts. */
export function useManagedSettings(api: DocumentStoreApi): ManagedSettingsState {
  const [state, setState] = useState<ManagedSettingsState>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    void settle(api.app.managedSettings()).then((result) => {
      if (current) {
        setState(result.ok ? { status: 'ready', view: result.value } : { status: 'failed', error: result.error });
      }
    });
    return () => {
      current = false;
    };
  }, [api]);
  return state;
}
