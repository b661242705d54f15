/**
 * The sign-in part of the IT check: sign-in configured (issuer, client id, a role ARN for each app role), the
 * issuer's OpenID discovery document reachable and naming that issuer, and PDS reachable.
 */
import type { Agent } from 'node:https';
import { ROLE_CODES } from '../../../common/identity.js';
import type { Config } from '../../config/config.js';

/** What a JSON GET gave: the HTTP status and the parsed body (undefined when it was not JSON). */
export type JsonAnswer = { readonly ok: true; readonly status: number; readonly body: unknown } | { readonly ok: false; readonly message: string };

/** How the sign-in checks reach the world: a plain GET (any status is "reached") and a JSON GET. */
export interface SignInProbes {
  reach(url: string, agent: Agent | undefined): Promise<{ readonly ok: true; readonly status: number } | { readonly ok: false; readonly message: string }>;
  fetchJson(url: string, agent: Agent | undefined): Promise<JsonAnswer>;
}

type Check = { readonly name: string; readonly status: 'ok' | 'warning' | 'problem'; readonly detail: string };

/** The sign-in checks for a loaded configuration; one "not configured" line when sign-in is not set up. */
export async function signInChecks(config: Config, agent: Agent | undefined, probes: SignInProbes): Promise<Check[]> {
  const identity = config.identity;
  if (identity === undefined) {
    // Outside the sandbox nobody could search without it; in a sandbox environment it is only a limitation.
    return [
      {
        name: 'Sign-in',
        status: config.environment === 'sandbox' ? 'warning' : 'problem',
        detail: 'not configured, so nobody can sign in: set "signInIssuer", "signInClientId", the three role ARNs and the PDS URLs in the policy (docs/policy.md)',
      },
    ];
  }
  const { signIn, aws, pds } = identity;
  const roles = ROLE_CODES.map((role) => `${role} ${aws.roleArns[role]}`).join(', ');
  const [discovery, pdsAnswer] = await Promise.all([probes.fetchJson(discoveryUrl(signIn.issuer), agent), probes.reach(pds.baseUrl, agent)]);
  return [
    { name: 'Sign-in', status: 'ok', detail: `configured: issuer ${signIn.issuer}, client id "${signIn.clientId}"` },
    { name: 'AWS roles', status: 'ok', detail: roles },
    discoveryCheck(signIn.issuer, discovery),
    pdsAnswer.ok
      ? { name: 'PDS', status: 'ok', detail: `${pds.baseUrl} answered (HTTP ${pdsAnswer.status})` }
      : { name: 'PDS', status: 'problem', detail: `${pds.baseUrl} cannot be reached: ${pdsAnswer.message}` },
  ];
}

/** Where OpenID Connect Discovery 1.0 puts an issuer's document. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

function discoveryCheck(issuer: string, answer: JsonAnswer): Check {
  const name = 'Sign-in issuer';
  const url = discoveryUrl(issuer);
  if (!answer.ok) {
    return { name, status: 'problem', detail: `${url} cannot be reached: ${answer.message}` };
  }
  if (answer.status !== 200) {
    return { name, status: 'problem', detail: `${url} answered HTTP ${answer.status}, not the discovery document` };
  }
  const document = typeof answer.body === 'object' && answer.body !== null ? (answer.body as Record<string, unknown>) : undefined;
  if (document === undefined || typeof document.authorization_endpoint !== 'string' || typeof document.token_endpoint !== 'string') {
    return { name, status: 'problem', detail: `${url} is not an OpenID discovery document (no authorization and token endpoints)` };
  }
  // The ID token's "iss" must equal the issuer exactly, so a mismatch here is a sign-in that would always fail.
  if (document.issuer !== issuer) {
    return { name, status: 'problem', detail: `${url} names the issuer ${JSON.stringify(document.issuer)}, not ${issuer}: set signInIssuer to exactly what it names` };
  }
  return { name, status: 'ok', detail: `${url} found` };
}
