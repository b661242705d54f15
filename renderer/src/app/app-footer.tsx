/** The footer on every view: getting help, and "Copy diagnostics" with what became of the copy. */
import type { DocumentStoreApi } from '../../../common/contract.js';
import { type DiagnosticsState, useDiagnostics } from './use-diagnostics.js';

/** The footer on every view: "Copy diagnostics" for the IT service desk, and the "Managed settings" page. */
export function AppFooter({ api, onShowManagedSettings }: { readonly api: DocumentStoreApi; readonly onShowManagedSettings?: () => void }) {
  const { diagnostics, copyDiagnostics } = useDiagnostics(api);
  const text = diagnostics.status === 'copied' || diagnostics.status === 'shown' ? diagnostics.text : undefined;
  return (
    <footer className="nhsuk-footer app-footer" role="contentinfo">
      <div className="nhsuk-width-container">
        <h2 className="nhsuk-heading-s app-footer__heading">Getting help</h2>
        <p className="nhsuk-body-s">
          If something goes wrong, copy the diagnostics and paste them into your message to your IT service desk. They describe this
          computer and the app&apos;s set-up, with no patient details.
        </p>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-footer__copy"
          disabled={diagnostics.status === 'working'}
          onClick={() => void copyDiagnostics()}
        >
          Copy diagnostics
        </button>
        {onShowManagedSettings === undefined ? null : (
          // Each setting, its value and where it comes from; the diagnostics end with the same list.
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-footer__managed-settings" onClick={onShowManagedSettings}>
            Managed settings
          </button>
        )}
        {/* Always in the page, so what is put in it is announced. */}
        <div role="status" className="app-footer__status">
          <StatusText diagnostics={diagnostics} />
        </div>
        {text === undefined ? null : (
          // Remounted per result, so a text that could not be copied starts open.
          <details key={`${diagnostics.status}:${text}`} className="nhsuk-details app-footer__details" open={diagnostics.status === 'shown'}>
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">Show the diagnostics</span>
            </summary>
            <div className="nhsuk-details__text">
              <pre className="app-diagnostics" tabIndex={0} aria-label="Diagnostics text">
                {text}
              </pre>
            </div>
          </details>
        )}
      </div>
    </footer>
  );
}

function StatusText({ diagnostics }: { readonly diagnostics: DiagnosticsState }) {
  switch (diagnostics.status) {
    case 'copied':
      return <p className="nhsuk-body-s">Diagnostics copied. Paste them into your message to the IT service desk.</p>;
    case 'shown':
      return <p className="nhsuk-body-s">The diagnostics could not be copied automatically. Select the text below and copy it.</p>;
    case 'failed':
      return <p className="nhsuk-error-message">{diagnostics.error.message}</p>;
    case 'working':
      return <p className="nhsuk-body-s">Collecting diagnostics…</p>;
    case 'idle':
      return null;
  }
}
