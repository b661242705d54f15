/** The session in words: why the person is signed out, and a role at an organisation. Pure. */
import { ROLE_NAMES, type RoleOption, type SignedOutReason } from '../../../../common/identity.js';
import { assertNever } from '../../shared/assert-never.js';

/** What the sign-in page says about why the person is signed out; null when they have not signed in yet. */
export function describeSignedOutReason(reason: SignedOutReason): string | null {
  switch (reason) {
    case 'never':
      return null;
    case 'signed-out':
      return 'You have signed out.';
    case 'idle':
      return 'You were signed out because the app was not used for a while. Sign in again to continue.';
    case 'expired':
      return 'Your session has ended. Sign in again to continue.';
    default:
      return assertNever(reason);
  }
}

/** "Riverside Surgery (A12345)", or the ODS code alone when the sign-in gave no organisation name. */
export function describeOrganisation(role: Pick<RoleOption, 'orgName' | 'odsCode'>): string {
  return role.orgName === '' || role.orgName === role.odsCode ? role.odsCode : `${role.orgName} (${role.odsCode})`;
}

/** The app's name for the role ("GP practice administrator"). */
export function roleNameOf(role: Pick<RoleOption, 'roleCode'>): string {
  return ROLE_NAMES[role.roleCode];
}
