/**
 * Who is signed in, as both sides see it: the roles this app knows, the person acting in one role at one
 * organisation, and the session's state for the header and the sign-in pages.
 *
 * Runtime-neutral; tokens and AWS credentials never appear here (they stay in main).
 */

/** The app's roles, mapped from CIS2 national RBAC role codes (main/identity/roles.ts). */
export const ROLE_CODES = ['GP_ADMIN', 'GP_CLINICAL', 'PCSE'] as const;
export type RoleCode = (typeof ROLE_CODES)[number];

/** What each role is called on screen. */
export const ROLE_NAMES: Readonly<Record<RoleCode, string>> = {
  GP_ADMIN: 'GP practice administrator',
  GP_CLINICAL: 'GP practice clinician',
  PCSE: 'Primary Care Support England',
};

/** One role the person holds at one organisation (a CIS2 `nhsid_nrbac_roles` entry this app recognises). */
export interface RoleOption {
  /** CIS2 `person_roleid`: names this role for `selected_roleid` and for the role choice. */
  readonly personRoleId: string;
  readonly roleCode: RoleCode;
  /** The role's name as CIS2 gives it, for the role choice. */
  readonly roleName: string;
  readonly odsCode: string;
  /** The organisation's name when the sign-in gives one; the ODS code otherwise. */
  readonly orgName: string;
}

/** The person acting now: one role at one organisation, for this session. */
export interface SignedInPerson {
  /** CIS2 `nhsid_useruid` (or the token's `sub` where the broker gives no UUID). */
  readonly id: string;
  readonly name: string;
  readonly role: RoleOption;
  /** A random id for this sign-in; every audit message carries it. */
  readonly sessionId: string;
}

/** Why the person is signed out, for the sign-in page's words. */
export type SignedOutReason = 'never' | 'signed-out' | 'idle' | 'expired';

/** The session as the renderer shows it. */
export type SessionView =
  | { readonly state: 'signed-out'; readonly reason: SignedOutReason }
  /** The browser sign-in is open; `url` is shown for people whose browser did not open. */
  | { readonly state: 'signing-in'; readonly url: string }
  /** Signed in with more than one role this app recognises and none chosen at sign-in. */
  | { readonly state: 'choose-role'; readonly name: string; readonly roles: ReadonlyArray<RoleOption> }
  | { readonly state: 'signed-in'; readonly person: SignedInPerson; readonly mayDownload: boolean }
  /** A job needs AWS credentials and the session has ended: "Sign in again to continue". */
  | { readonly state: 'sign-in-again'; readonly person: SignedInPerson };
