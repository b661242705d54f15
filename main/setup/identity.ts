/**
 * The composition root's sign-in step: the session (browser sign-in, or the sandbox's headless one), the AWS
 * credentials it yields (STS AssumeRoleWithWebIdentity), the patient directory (PDS) and the access gate that joins
 * them. Everything here is main-only: tokens and credentials never reach the renderer.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Config } from '../config/config.js';
import type { IdentityConfig } from '../config/identity-config.js';
import { type AccessGate, createAccessGate } from '../identity/access-gate.js';
import { stsClientFor, webIdentityCredentials } from '../identity/aws-credentials.js';
import { refreshSignIn, signInWithBrowser } from '../identity/oidc-sign-in.js';
import { signInAsSandboxPerson } from '../identity/sandbox-sign-in.js';
import { createSession, type Session } from '../identity/session.js';
import type { SignInFlow, SignInTokens } from '../identity/sign-in-flow.js';
import type { TokenVault } from '../identity/token-vault.js';
import { type Logger, silentLogger } from '../logging/logger.js';
import { createPdsDirectory } from '../patients/pds-client.js';

/** What a front adds to sign-in: how it opens the browser and where it may keep a refresh token. */
export interface SignInFront {
  /** The app: the system browser. The CLI: prints the address too. The preview: the page shows it as a link. */
  openBrowser(url: string): Promise<void> | void;
  /** The app's OS-encrypted store of the refresh token, in the data folder; the CLI and the preview keep none. */
  vaultIn?(dataDir: string): TokenVault;
  /**
   * Tokens this front kept from an earlier sign-in (the CLI's `login`), used instead of the browser while the ID
   * token is valid; undefined when there are none.
   */
  readonly keptTokens?: (dataDir: string) => Promise<SignInTokens | undefined>;
  /** Given the tokens of each new sign-in (the browser or the sandbox person), never kept ones: `login` keeps them. */
  onSignedIn?(tokens: SignInTokens): void;
}

export interface IdentitySetup {
  readonly session: Session;
  readonly gate: AccessGate;
  readonly credentials: AwsCredentialIdentityProvider;
  /** Stops the idle timer and any sign-in still waiting for the browser; signs nobody out: the process is ending. */
  stop(): void;
}

/** How often the idle time-out is checked; the time-out itself is minutes long. */
const IDLE_CHECK_MS = 15_000;

export function setupIdentity(
  config: Config,
  identity: IdentityConfig,
  front: SignInFront,
  options: { readonly logger?: Logger; readonly now?: () => number } = {},
): IdentitySetup {
  const logger = options.logger ?? silentLogger();
  const session = createSession({
    config: identity.signIn,
    flow: signInFlow(identity, front, config.dataDir),
    ...(front.vaultIn === undefined ? {} : { vault: front.vaultIn(config.dataDir) }),
    ...(options.now === undefined ? {} : { now: options.now }),
    logger,
  });
  const credentials = webIdentityCredentials({
    sts: stsClientFor(identity.aws, config.region, { noByteTimeoutMs: config.noByteTimeoutMs }),
    config: identity.aws,
    source: session,
  });
  // Signing out (or an idle or expired session) drops the AWS credentials held for the person at once.
  session.onChange((view) => {
    if (view.state === 'signed-out') {
      credentials.forget();
    }
  });
  const directory = createPdsDirectory({ config: identity.pds, idToken: () => session.idToken(), clientId: identity.signIn.clientId, logger });
  const gate = createAccessGate({ session, directory });
  const idleTimer = setInterval(() => session.checkIdle(), IDLE_CHECK_MS);
  idleTimer.unref();
  return {
    session,
    gate,
    credentials,
    stop() {
      clearInterval(idleTimer);
      // A sign-in still waiting for the browser holds its loopback listener open: the process could not end.
      session.cancelSignIn();
    },
  };
}

function signInFlow(identity: IdentityConfig, front: SignInFront, dataDir: string): SignInFlow {
  const { signIn, sandboxUser } = identity;
  return {
    async start({ onUrl, signal }) {
      const kept = sandboxUser === undefined ? await front.keptTokens?.(dataDir) : undefined;
      if (kept !== undefined) {
        return { ok: true, value: kept };
      }
      const answer =
        sandboxUser === undefined
          ? await signInWithBrowser(signIn, { openBrowser: (url) => front.openBrowser(url), onUrl, signal })
          : await signInAsSandboxPerson(signIn, sandboxUser, { signal });
      if (answer.ok) {
        front.onSignedIn?.(answer.value);
      }
      return answer;
    },
    refresh: (refreshToken) => refreshSignIn(signIn, refreshToken),
  };
}
