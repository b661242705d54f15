/**
 * Who the ID token says the person is, and which of their NHS roles this app recognises.
 *
 * Pure: reads CIS2-shaped claims (`nhsid_useruid`, the name claims, `nhsid_nrbac_roles`, `selected_roleid`) from a
 * token that has already been validated, and maps each national RBAC role to an app role by its job role code
 * (R8013 GP admin, R8000 GP clinical, R8015 PCSE; the national document repository's mapping). Roles the app does
 * not recognise are left out, so a person with none of them is signed in but may not use the app.
 */
import { z } from 'zod';
import type { RoleCode, RoleOption } from '../../common/identity.js';

/** CIS2 job role codes and the app role each one is. */
const JOB_ROLES: Readonly<Record<string, RoleCode>> = {
  R8013: 'GP_ADMIN',
  R8000: 'GP_CLINICAL',
  R8015: 'PCSE',
};

/** The person as the sign-in describes them, before a role is chosen. */
export interface PersonFromClaims {
  /** `nhsid_useruid`, or the token's `sub` where the provider gives no CIS2 UUID. */
  readonly id: string;
  readonly name: string;
  /** Only the roles this app recognises, in the order the provider lists them. */
  readonly roles: ReadonlyArray<RoleOption>;
  /** The role chosen at sign-in (`selected_roleid`), when it is one of `roles`. */
  readonly selectedRoleId?: string;
}

const text = z.string().trim().min(1);

/** One `nhsid_nrbac_roles` entry; the fields this app does not use (activity codes…) are ignored. */
const nrbacRole = z.object({
  person_roleid: text,
  org_code: text,
  role_code: text,
  role_name: z.string().optional(),
  org_name: z.string().optional(),
});

/** CIS2's `nhsid_user_orgs`: the organisations' names, where the role entries carry only their ODS codes. */
const userOrg = z.object({ org_code: text, org_name: text });

/**
 * The person and their recognised roles from validated ID token claims.
 *
 * Malformed role entries are skipped, as roles the app does not recognise are. A validated ID token always has a
 * `sub` (openid-client refuses one without), so the person always has an id.
 */
export function identityFromClaims(claims: Readonly<Record<string, unknown>>): PersonFromClaims {
  const id = firstText(claims.nhsid_useruid, claims.sub) ?? '';
  const roles = recognisedRoles(claims.nhsid_nrbac_roles, organisationNames(claims.nhsid_user_orgs));
  const selected = firstText(claims.selected_roleid);
  const selectedRoleId = roles.some((role) => role.personRoleId === selected) ? selected : undefined;
  return { id, name: personName(claims) ?? id, roles, ...(selectedRoleId === undefined ? {} : { selectedRoleId }) };
}

/** The app role for a CIS2 role code such as `S8000:G8001:R8013`: the first job role part this app recognises. */
export function roleCodeOf(cis2RoleCode: string): RoleCode | undefined {
  // A role code is colon-separated (sub-group, group, job role) and may carry more than one job role code; when
  // they map to different app roles the first listed wins, as CIS2 lists the principal job role first.
  for (const part of cis2RoleCode.split(':')) {
    const roleCode = JOB_ROLES[part.trim()];
    if (roleCode !== undefined) {
      return roleCode;
    }
  }
  return undefined;
}

function recognisedRoles(value: unknown, orgNames: ReadonlyMap<string, string>): RoleOption[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const roles: RoleOption[] = [];
  for (const entry of value) {
    const parsed = nrbacRole.safeParse(entry);
    if (!parsed.success) {
      continue;
    }
    const roleCode = roleCodeOf(parsed.data.role_code);
    if (roleCode === undefined || roles.some((role) => role.personRoleId === parsed.data.person_roleid)) {
      continue;
    }
    const { person_roleid: personRoleId, org_code: odsCode } = parsed.data;
    roles.push({
      personRoleId,
      roleCode,
      roleName: firstText(parsed.data.role_name) ?? roleCode,
      odsCode,
      orgName: firstText(parsed.data.org_name) ?? orgNames.get(odsCode) ?? odsCode,
    });
  }
  return roles;
}

function organisationNames(value: unknown): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  if (Array.isArray(value)) {
    for (const entry of value) {
      const parsed = userOrg.safeParse(entry);
      if (parsed.success) {
        names.set(parsed.data.org_code, parsed.data.org_name);
      }
    }
  }
  return names;
}

function personName(claims: Readonly<Record<string, unknown>>): string | undefined {
  const name = firstText(claims.name);
  if (name !== undefined) {
    return name;
  }
  const parts = [firstText(claims.given_name), firstText(claims.family_name)].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function firstText(...values: ReadonlyArray<unknown>): string | undefined {
  for (const value of values) {
    const parsed = text.safeParse(value);
    if (parsed.success) {
      return parsed.data;
    }
  }
  return undefined;
}
