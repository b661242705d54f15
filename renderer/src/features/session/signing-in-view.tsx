/** While the sign-in is open in the browser: where to look, the address to copy, and Cancel. */
import { WaitingView } from '../../shared/waiting-view.js';
import { SignInAddress } from './sign-in-address.js';

export interface SigningInViewProps {
  readonly url: string;
  readonly onCancel: () => void;
}

/** The page while the browser sign-in runs; it ends by itself when the browser sign-in does. */
export function SigningInView({ url, onCancel }: SigningInViewProps) {
  return (
    <WaitingView title="Continue signing in in your browser" onCancel={onCancel}>
      <p>The NHS Care Identity sign-in has opened in your web browser. Sign in there, then come back to this window.</p>
      {/* main names the address a moment after the sign-in starts; until then there is nothing to copy or open. */}
      {url === '' ? (
        <p role="status">Preparing the sign-in page…</p>
      ) : (
        <>
          <SignInAddress id="sign-in-address" url={url} />
          <p>
            {/* For a browser where nothing opened by itself (the web preview): the same address, one click away. */}
            <a href={url} target="_blank" rel="noopener noreferrer">
              Open the sign-in page
            </a>
          </p>
        </>
      )}
    </WaitingView>
  );
}
