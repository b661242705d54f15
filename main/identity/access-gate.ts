/**
 * The one place main decides whether the signed-in person may act on a patient's record: the person from the
 * session, the patient from PDS, the role rules (./access-rules.ts). Search and download both pass through here, so
 * a refusal never depends on what the renderer shows.
 *
 * A look-up is kept for a few minutes per session and patient, so confirming a patient and then listing and
 * downloading their documents asks PDS once.
 */
import type { IdentityErrorCode, PatientErrorCode } from '../../common/error-codes.js';
import type { SignedInPerson } from '../../common/identity.js';
import type { PatientLookup } from '../../common/patient.js';
import type { Result } from '../../common/result.js';
import { decideAccess } from './access-rules.js';
import type { Session } from './session.js';

/** A look-up with what the audit records of it: PDS's HTTP status (absent when PDS did not answer). */
export interface PatientLookupAnswer extends PatientLookup {
  readonly pdsStatus?: number;
}

/** Why a patient could not be reached: nobody signed in, PDS could not find them, or the role rules refuse. */
export interface PatientLookupFailure {
  readonly code: IdentityErrorCode | PatientErrorCode | 'invalid-nhs-number' | 'cancelled';
  readonly message: string;
  readonly pdsStatus?: number;
}

/** Where patients are found: PDS (main/patients/pds-client.ts). */
export interface PatientDirectory {
  lookUp(
    nhsNumber: string,
    signal?: AbortSignal,
  ): Promise<Result<Omit<PatientLookup, 'access'> & { readonly httpStatus: number }, Omit<PatientLookupFailure, 'pdsStatus'> & { readonly httpStatus?: number }>>;
}

/** What may be done with a record; each asks for the access it needs. */
export type Attempt = 'look-up' | 'search' | 'download';

/** Why an attempt was refused by the role rules, with the person and patient the audit names. */
export interface Refusal {
  readonly person: SignedInPerson;
  readonly lookup: PatientLookupAnswer;
  readonly reason: string;
}

export type AccessDecision =
  | { readonly allowed: true; readonly person: SignedInPerson; readonly lookup: PatientLookupAnswer }
  | { readonly allowed: false; readonly refusal?: Refusal; readonly error: PatientLookupFailure; readonly person?: SignedInPerson };

export interface AccessGate {
  /** The acting person, or why there is none. */
  person(): Result<SignedInPerson, PatientLookupFailure>;
  /** Finds the patient and decides what the person may do; 'look-up' is allowed whatever the role rules say. */
  decide(nhsNumber: string, attempt: Attempt, signal?: AbortSignal): Promise<AccessDecision>;
  /** A running job keeps the session from idling out until the returned function is called. */
  holdOpen(): () => void;
}

const LOOKUP_KEPT_MS = 5 * 60_000;

export function createAccessGate(options: { readonly session: Session; readonly directory: PatientDirectory; readonly now?: () => number }): AccessGate {
  const { session, directory } = options;
  const now = options.now ?? Date.now;
  const kept = new Map<string, { readonly answer: PatientLookupAnswer; readonly at: number }>();

  async function lookUp(person: SignedInPerson, nhsNumber: string, signal?: AbortSignal): Promise<Result<PatientLookupAnswer, PatientLookupFailure>> {
    const key = `${person.sessionId}:${person.role.personRoleId}:${nhsNumber}`;
    const known = kept.get(key);
    if (known !== undefined && now() - known.at < LOOKUP_KEPT_MS) {
      return { ok: true, value: known.answer };
    }
    const found = await directory.lookUp(nhsNumber, signal);
    if (!found.ok) {
      const { httpStatus, ...error } = found.error;
      return { ok: false, error: { ...error, ...(httpStatus === undefined ? {} : { pdsStatus: httpStatus }) } };
    }
    const { httpStatus, ...details } = found.value;
    const answer: PatientLookupAnswer = { ...details, access: decideAccess(person, details.patient), pdsStatus: httpStatus };
    kept.set(key, { answer, at: now() });
    return { ok: true, value: answer };
  }

  const gate: AccessGate = {
    person() {
      const person = session.view().state === 'signed-in' ? session.person() : undefined;
      return person === undefined ? { ok: false, error: { code: 'not-signed-in', message: NOT_SIGNED_IN } } : { ok: true, value: person };
    },
    async decide(nhsNumber, attempt, signal) {
      const person = gate.person();
      if (!person.ok) {
        return { allowed: false, error: person.error };
      }
      session.activity();
      const found = await lookUp(person.value, nhsNumber, signal);
      if (!found.ok) {
        return { allowed: false, error: found.error, person: person.value };
      }
      const { access } = found.value;
      const allowed = attempt === 'look-up' || (attempt === 'search' ? access.maySearch : access.mayDownload);
      if (allowed) {
        return { allowed: true, person: person.value, lookup: found.value };
      }
      const reason = access.reason ?? 'Your role may not do this for this patient.';
      return {
        allowed: false,
        person: person.value,
        refusal: { person: person.value, lookup: found.value, reason },
        error: { code: 'not-permitted', message: reason },
      };
    },
    holdOpen: () => session.holdOpen(),
  };
  return gate;
}

/** The gate when sign-in is not configured: nobody can act on a record; the archive still works. */
export function unconfiguredGate(): AccessGate {
  const error = { code: 'sign-in-not-configured', message: NOT_CONFIGURED } as const;
  return {
    person: () => ({ ok: false, error }),
    decide: () => Promise.resolve({ allowed: false, error }),
    holdOpen: () => () => undefined,
  };
}

const NOT_SIGNED_IN = 'You are not signed in. Sign in with your NHS Care Identity to continue.';
export const NOT_CONFIGURED =
  'Sign-in has not been set up on this computer, so patient records cannot be searched. Ask your IT service desk to ' +
  'configure sign-in (see "Sign-in" in the IT administrators’ guide). Saved records in the archive can still be opened.';
