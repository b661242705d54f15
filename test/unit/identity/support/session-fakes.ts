/**
 * Stand-ins for what the session is given: a sign-in flow whose every start and refresh the test answers by hand, a
 * vault in memory, CIS2-shaped claims for a few people, and a clock the test moves.
 */
import type { SessionView } from '../../../../common/identity.js';
import type { Result } from '../../../../common/result.js';
import type { SignInConfig } from '../../../../main/config/identity-config.js';
import { type Session, type SessionOptions, createSession } from '../../../../main/identity/session.js';
import type { SignInError, SignInFlow, SignInTokens } from '../../../../main/identity/sign-in-flow.js';
import type { SavedSession, TokenVault } from '../../../../main/identity/token-vault.js';

export const MINUTE = 60_000;
export const IDLE_TIMEOUT_MS = 30 * MINUTE;
export const START = Date.UTC(2025, 0, 6, 9, 0, 0);

export const SIGN_IN_CONFIG: SignInConfig = {
  issuer: 'https://broker.example.nhs.uk',
  clientId: 'document-store-desktop',
  scopes: ['openid', 'profile', 'nationalrbacaccess'],
  idleTimeoutMs: IDLE_TIMEOUT_MS,
};

/** One `nhsid_nrbac_roles` entry. */
export interface Cis2Role {
  readonly person_roleid: string;
  readonly org_code: string;
  readonly role_code: string;
  readonly role_name?: string;
  readonly org_name?: string;
}

export const ALICE_ADMIN: Cis2Role = {
  person_roleid: 'alice-r1',
  org_code: 'A81001',
  role_code: 'S8000:G8001:R8013',
  role_name: 'GP Practice Administrator',
  org_name: 'Riverside Medical Centre',
};
export const BOB_CLINICAL: Cis2Role = {
  person_roleid: 'bob-r1',
  org_code: 'A81001',
  role_code: 'S8000:G8000:R8000',
  role_name: 'General Medical Practitioner',
  org_name: 'Riverside Medical Centre',
};
export const BOB_PCSE: Cis2Role = { person_roleid: 'bob-r2', org_code: 'X26', role_code: 'S8000:G8001:R8015', role_name: 'PCSE Officer', org_name: 'PCSE' };

export const ALICE = { nhsid_useruid: '555000000001', name: 'Alice Adams', nhsid_nrbac_roles: [ALICE_ADMIN] };
export const BOB = { nhsid_useruid: '555000000002', name: 'Bob Brown', nhsid_nrbac_roles: [BOB_CLINICAL, BOB_PCSE] };
export const CAROL_NO_ROLE = {
  nhsid_useruid: '555000000003',
  name: 'Carol Clark',
  nhsid_nrbac_roles: [{ person_roleid: 'carol-r1', org_code: 'A81001', role_code: 'S8000:G8000:R8003', role_name: 'Receptionist' }],
};

let issued = 0;

/** Tokens for `claims`, each with distinct token strings; the ID token lasts `lifetimeMs` from `now`. */
export function tokensFor(
  claims: Readonly<Record<string, unknown>>,
  options: { readonly now: number; readonly lifetimeMs?: number; readonly refreshToken?: string | null },
): SignInTokens {
  issued += 1;
  const refreshToken = options.refreshToken === null ? undefined : (options.refreshToken ?? `refresh-token-${issued}`);
  return {
    idToken: `id-token-${issued}`,
    accessToken: `access-token-${issued}`,
    ...(refreshToken === undefined ? {} : { refreshToken }),
    expiresAt: options.now + (options.lifetimeMs ?? 15 * MINUTE),
    claims: { sub: String(claims.nhsid_useruid), ...claims },
  };
}

export const CANCELLED: SignInError = { code: 'sign-in-cancelled', message: 'Signing in was stopped before it finished.' };
export const REFUSED: SignInError = { code: 'sign-in-failed', message: 'The sign-in service did not sign you in.' };
export const REFRESH_REFUSED: SignInError = { code: 'session-expired', message: 'Your sign-in has ended. Please sign in again.' };

type Answer = Result<SignInTokens, SignInError>;

interface PendingStart {
  readonly onUrl: (url: string) => void;
  readonly signal: AbortSignal;
  answer(result: Answer): void;
}

interface PendingRefresh {
  readonly refreshToken: string;
  answer(result: Answer): void;
}

/** A sign-in flow the test drives: each start and refresh waits until the test answers it; an abort cancels a start. */
export class ManualSignInFlow implements SignInFlow {
  readonly starts: PendingStart[] = [];
  readonly refreshes: PendingRefresh[] = [];

  start(options: { readonly onUrl: (url: string) => void; readonly signal: AbortSignal }): Promise<Answer> {
    return new Promise((resolve) => {
      options.signal.addEventListener('abort', () => resolve({ ok: false, error: CANCELLED }));
      this.starts.push({ ...options, answer: resolve });
    });
  }

  refresh(refreshToken: string): Promise<Answer> {
    return new Promise((resolve) => {
      this.refreshes.push({ refreshToken, answer: resolve });
    });
  }

  /** The start in progress (the last one asked for). */
  get current(): PendingStart {
    const pending = this.starts.at(-1);
    if (pending === undefined) {
      throw new Error('No sign-in was started');
    }
    return pending;
  }

  get lastRefresh(): PendingRefresh {
    const pending = this.refreshes.at(-1);
    if (pending === undefined) {
      throw new Error('No refresh was asked for');
    }
    return pending;
  }
}

/** A vault in memory that remembers every save and clear. */
export class MemoryVault implements TokenVault {
  saved: SavedSession | undefined;
  readonly saves: SavedSession[] = [];
  clears = 0;

  constructor(initial?: SavedSession) {
    this.saved = initial;
  }

  save(session: SavedSession): Promise<void> {
    this.saved = session;
    this.saves.push(session);
    return Promise.resolve();
  }

  load(): Promise<SavedSession | undefined> {
    return Promise.resolve(this.saved);
  }

  clear(): Promise<void> {
    this.saved = undefined;
    this.clears += 1;
    return Promise.resolve();
  }
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public time = START) {}

  readonly now = (): number => this.time;

  advance(ms: number): void {
    this.time += ms;
  }
}

export interface SessionRig {
  readonly session: Session;
  readonly flow: ManualSignInFlow;
  readonly vault: MemoryVault;
  readonly clock: TestClock;
  /** Every view the session announced, in order. */
  readonly views: SessionView[];
  /** Signs in as `claims` (choosing `personRoleId` when asked) and returns the tokens the flow gave. */
  signInAs(claims: Readonly<Record<string, unknown>>, options?: { readonly personRoleId?: string; readonly lifetimeMs?: number }): Promise<SignInTokens>;
}

export function sessionRig(options: Partial<Pick<SessionOptions, 'signInAgainWaitMs' | 'logger'>> & { readonly vault?: MemoryVault } = {}): SessionRig {
  const flow = new ManualSignInFlow();
  const vault = options.vault ?? new MemoryVault();
  const clock = new TestClock();
  const session = createSession({
    config: SIGN_IN_CONFIG,
    flow,
    vault,
    now: clock.now,
    ...(options.signInAgainWaitMs === undefined ? {} : { signInAgainWaitMs: options.signInAgainWaitMs }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const views: SessionView[] = [];
  session.onChange((view) => views.push(view));
  return {
    session,
    flow,
    vault,
    clock,
    views,
    async signInAs(claims, signInOptions = {}) {
      const signingIn = session.signIn();
      const tokens = tokensFor(claims, { now: clock.time, ...(signInOptions.lifetimeMs === undefined ? {} : { lifetimeMs: signInOptions.lifetimeMs }) });
      flow.current.answer({ ok: true, value: tokens });
      const result = await signingIn;
      if (!result.ok) {
        throw new Error(`Sign-in failed: ${result.error.message}`);
      }
      if (result.value.state === 'choose-role') {
        const chosen = session.chooseRole(signInOptions.personRoleId ?? '');
        if (!chosen.ok) {
          throw new Error(`Role choice failed: ${chosen.error.message}`);
        }
      }
      return tokens;
    },
  };
}

/** Settles what is already resolvable (promise callbacks several hops deep), without waiting on time. */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn += 1) {
    await Promise.resolve();
  }
}

/** Where a promise stands now, without waiting for it. */
export async function stateOf(promise: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => {
      state = 'resolved';
    },
    () => {
      state = 'rejected';
    },
  );
  await settle();
  return state;
}
