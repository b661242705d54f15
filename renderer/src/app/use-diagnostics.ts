/** The hook behind "Copy diagnostics": asks main for the text, copies it where it can, and says what happened. */
import { useCallback, useState } from 'react';
import type { Diagnostics, DocumentStoreApi } from '../../../common/contract.js';
import type { ErrorPayload } from '../../../common/result.js';
import { settle } from '../shared/document-store.js';

export type DiagnosticsState =
  | { readonly status: 'idle' }
  | { readonly status: 'working' }
  | { readonly status: 'copied'; readonly text: string }
  /** Neither main nor the page could reach the clipboard: the text is shown for the user to copy. */
  | { readonly status: 'shown'; readonly text: string }
  | { readonly status: 'failed'; readonly error: ErrorPayload };

/**
 * "Copy diagnostics": main builds the text (nothing identifying a patient, no credentials) and copies it where it can
 * (the app's clipboard is written by main: the page is denied the clipboard permission). When main could not (the
 * web preview), the page tries the browser's clipboard, and otherwise shows the text.
 */
export function useDiagnostics(api: DocumentStoreApi): { readonly diagnostics: DiagnosticsState; readonly copyDiagnostics: () => Promise<void> } {
  const [diagnostics, setDiagnostics] = useState<DiagnosticsState>({ status: 'idle' });
  const copyDiagnostics = useCallback(async (): Promise<void> => {
    setDiagnostics({ status: 'working' });
    const result = await settle<Diagnostics>(api.app.copyDiagnostics());
    if (!result.ok) {
      setDiagnostics({ status: 'failed', error: result.error });
      return;
    }
    const { text } = result.value;
    const copied = result.value.copied || (await copyInPage(text));
    setDiagnostics({ status: copied ? 'copied' : 'shown', text });
  }, [api]);
  return { diagnostics, copyDiagnostics };
}

async function copyInPage(text: string): Promise<boolean> {
  try {
    // Absent outside a secure context, and refused without the permission: either way the text is shown instead.
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
