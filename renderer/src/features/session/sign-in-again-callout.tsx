/**
 * The warning above the app when the session ended while a job needed it: the app stays as it was (a download keeps
 * its progress), and "Sign in again" lets the job carry on. While that sign-in is open in the browser, the callout
 * says so instead, with the address to copy and Cancel.
 */
import { useFocusOnMount } from '../../shared/use-focus.js';
import { SignInAddress } from './sign-in-address.js';

export type SignInAgainCalloutProps =
  | {
      readonly stage: 'ended';
      /** A download is waiting to carry on: the callout says it will. */
      readonly downloadWaiting: boolean;
      /** The sign-in was asked for and the browser is being opened. */
      readonly starting: boolean;
      readonly problem: string | null;
      readonly onSignIn: () => void;
    }
  | { readonly stage: 'signing-in'; readonly url: string; readonly onCancel: () => void };

const HEADING_ID = 'sign-in-again-heading';

/** A prominent NHS warning callout; it takes focus when it appears, as it asks for something before work can go on. */
export function SignInAgainCallout(props: SignInAgainCalloutProps) {
  const ref = useFocusOnMount<HTMLDivElement>(props.stage);
  return (
    <div ref={ref} tabIndex={-1} className="nhsuk-card nhsuk-card--warning app-sign-in-again" role="region" aria-labelledby={HEADING_ID}>
      <div className="nhsuk-card__content">
        {props.stage === 'ended' ? (
          <>
            <h2 className="nhsuk-card__heading" id={HEADING_ID}>
              <span className="nhsuk-u-visually-hidden">Important: </span>
              Sign in again to continue
            </h2>
            <p>
              {props.downloadWaiting
                ? 'Your session has ended. Sign in again to continue — the download will carry on where it stopped.'
                : 'Your session has ended. Sign in again to continue.'}
            </p>
            <div role="alert">{props.problem === null ? null : <p className="nhsuk-error-message">{props.problem}</p>}</div>
            <button type="button" className="nhsuk-button" onClick={props.onSignIn} disabled={props.starting}>
              Sign in again
            </button>
            <div role="status">{props.starting ? <p>Opening the sign-in page in your browser…</p> : null}</div>
          </>
        ) : (
          <>
            <h2 className="nhsuk-card__heading" id={HEADING_ID}>
              Continue signing in in your browser
            </h2>
            <p>The NHS Care Identity sign-in has opened in your web browser. Sign in there; the app carries on when you have.</p>
            {props.url === '' ? null : <SignInAddress id="sign-in-again-address" url={props.url} />}
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={props.onCancel}>
              Cancel
            </button>
          </>
        )}
      </div>
    </div>
  );
}
