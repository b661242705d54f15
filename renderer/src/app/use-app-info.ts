/** The hook that reads who and where the app is working, for the environment strip. */
import { useEffect, useState } from 'react';
import type { AppInfo, DocumentStoreApi } from '../../../common/contract.js';
import type { ErrorPayload } from '../../../common/result.js';
import { settle } from '../shared/document-store.js';

export type AppInfoState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly info: AppInfo }
  | { readonly status: 'failed'; readonly error: ErrorPayload };

/** Who and where the app is working (`app.info()`), read once. */
export function useAppInfo(api: DocumentStoreApi): AppInfoState {
  const [state, setState] = useState<AppInfoState>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    void settle(api.app.info()).then((result) => {
      if (current) {
        setState(result.ok ? { status: 'ready', info: result.value } : { status: 'failed', error: result.error });
      }
    });
    return () => {
      current = false;
    };
  }, [api]);
  return state;
}
