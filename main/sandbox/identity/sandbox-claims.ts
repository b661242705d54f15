/**
 * The claims the sandbox provider issues for a synthetic person, shaped as NHS CIS2 issues them, plus the AWS claims
 * an organisation's broker adds so STS can take the ID token (AssumeRoleWithWebIdentity).
 *
 * Scopes and their claims follow CIS2: `profile` (names and `nhsid_useruid`), `nationalrbacaccess`
 * (`nhsid_nrbac_roles`) and `selectedrole` (`selected_roleid`). The AWS claims are in the forms AWS documents for
 * web identity federation: `https://aws.amazon.com/source_identity` (the person's id) and
 * `https://aws.amazon.com/tags` (`principal_tags` with one value per tag, and `transitive_tag_keys`).
 */
import type { SandboxPerson } from './sandbox-people.js';

export const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';
export const SESSION_TAGS_CLAIM = 'https://aws.amazon.com/tags';

/** Which claims each scope releases (oidc-provider's `claims` setting). */
export const CLAIMS_BY_SCOPE = {
  openid: ['sub', SOURCE_IDENTITY_CLAIM, SESSION_TAGS_CLAIM],
  profile: ['name', 'given_name', 'family_name', 'nhsid_useruid'],
  nationalrbacaccess: ['nhsid_nrbac_roles'],
  selectedrole: ['selected_roleid'],
} as const;

export const SANDBOX_SCOPES: ReadonlyArray<string> = Object.keys(CLAIMS_BY_SCOPE);

/** The job role code at the end of CIS2's colon-separated role code (`S8000:G8001:R8013` → `R8013`). */
function jobRoleCode(cis2RoleCode: string): string {
  return cis2RoleCode.split(':').at(-1) ?? cis2RoleCode;
}

/** Every claim the person may have; oidc-provider releases those of the scopes granted. */
export function claimsOf(person: SandboxPerson): Record<string, unknown> {
  const onlyRole = person.roles.length === 1 ? person.roles[0] : undefined;
  return {
    sub: person.id,
    nhsid_useruid: person.id,
    name: `${person.givenName} ${person.familyName}`,
    given_name: person.givenName,
    family_name: person.familyName,
    nhsid_nrbac_roles: person.roles.map((role) => ({
      person_roleid: role.personRoleId,
      org_code: role.odsCode,
      org_name: role.orgName,
      role_code: role.cis2RoleCode,
      role_name: role.roleName,
    })),
    // CIS2 names the role chosen at sign-in; the sandbox has no role choice there, so only a person with a single
    // role has one, and a person with several chooses in the app.
    ...(onlyRole === undefined ? {} : { selected_roleid: onlyRole.personRoleId }),
    [SOURCE_IDENTITY_CLAIM]: person.id,
    ...(onlyRole === undefined ? {} : { [SESSION_TAGS_CLAIM]: sessionTags(onlyRole) }),
  };
}

/**
 * AWS session tags for the role the sign-in settled on: the ODS code and the CIS2 job role code.
 *
 * AWS takes one value per tag, so only a person with a single role has tags; a person with several gets none, and
 * IAM must then grant nothing that depends on them.
 */
function sessionTags(role: SandboxPerson['roles'][number]): Record<string, unknown> {
  return {
    principal_tags: { ods: [role.odsCode], role: [jobRoleCode(role.cis2RoleCode)] },
    transitive_tag_keys: ['ods', 'role'],
  };
}
