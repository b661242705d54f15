/** The sign-in page: why the person is signed out, what failed last time, and "Sign in with NHS Care Identity". */
import type { SignedOutReason } from '../../../../common/identity.js';
import type { ErrorPayload } from '../../../../common/result.js';
import { ErrorSummary } from '../../shared/error-summary.js';
import { useDocumentTitle, useHeadingFocus } from '../../shared/use-focus.js';
import { describeSignedOutReason } from './session-words.js';

export interface SignInViewProps {
  readonly reason: SignedOutReason;
  /** Why the last sign-in failed, in main's words. */
  readonly problem: ErrorPayload | null;
  /** The sign-in was asked for and the browser is being opened. */
  readonly starting: boolean;
  readonly onSignIn: () => void;
}

const TITLE = 'Sign in to Document Store Desktop';

/** Sign in before searching; the archive of saved ZIPs stays open without it. */
export function SignInView({ reason, problem, starting, onSignIn }: SignInViewProps) {
  const headingRef = useHeadingFocus<HTMLHeadingElement>(problem !== null);
  useDocumentTitle(problem === null ? TITLE : `Error: ${TITLE}`);
  const said = describeSignedOutReason(reason);
  return (
    <>
      {problem === null ? null : (
        <ErrorSummary autoFocus focusKey={problem}>
          <p>{problem.message}</p>
        </ErrorSummary>
      )}
      <h1 ref={headingRef} tabIndex={-1}>
        {TITLE}
      </h1>
      {said === null ? null : (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>{said}</p>
        </div>
      )}
      <p>Sign in with your NHS Care Identity (smartcard or security key) to search for a patient&apos;s documents. The sign-in opens in your web browser.</p>
      <p>You can review ZIP files already saved on this computer in the Archive without signing in.</p>
      <button type="button" className="nhsuk-button" onClick={onSignIn} disabled={starting}>
        Sign in with NHS Care Identity
      </button>
      {/* Always in the page, so what is put in it is announced. */}
      <div role="status">{starting ? <p>Opening the sign-in page in your browser…</p> : null}</div>
    </>
  );
}
