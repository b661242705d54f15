/**
 * The patient look-up: who PDS (the Personal Demographics Service, FHIR R4) says has this NHS number.
 *
 * User-restricted access: the signed-in person's ID token is exchanged (RFC 8693) for a PDS access token, kept until
 * shortly before it expires, then `GET {base}/Patient/{nhs}`. Every network wait has a deadline; throttling, 5xx,
 * network failures and deadlines are retried by the app's one retry policy (main/reliability/). Every outcome comes
 * back as a value with PDS's HTTP status, for the audit's "Searched for patient details". The NHS number reaches the
 * log only as a field the logger masks.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PatientErrorCode } from '../../common/error-codes.js';
import { formatNhsNumber, parseNhsNumber } from '../../common/nhs-number.js';
import type { PatientDetails } from '../../common/patient.js';
import type { Result } from '../../common/result.js';
import type { PdsConfig } from '../config/identity-config.js';
import type { Logger } from '../logging/logger.js';
import { errorFields } from '../logging/redact.js';
import { type RetryDelays, withRetries } from '../reliability/retry.js';
import { HttpStatusError, isRetryable } from '../reliability/retryable.js';
import { mapPdsPatient } from './patient-mapping.js';

export interface PdsDirectoryOptions {
  readonly config: PdsConfig;
  /** The signed-in person's ID token; rejects when nobody is signed in. */
  idToken(): Promise<string>;
  /** This app's client id at the token exchange. */
  readonly clientId: string;
  readonly fetch?: typeof fetch;
  /** The deadline on every network wait (an answer and its body), per attempt; 20 seconds unless given. */
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  readonly logger?: Logger;
  /** The waits between attempts; the app's usual ones unless a test gives shorter. */
  readonly retryDelays?: RetryDelays;
}

export interface PdsAnswer {
  readonly patient: PatientDetails;
  /** The number asked for, when PDS answered with the record it was merged into. */
  readonly replacedNhsNumber?: string;
  readonly httpStatus: number;
}

export type PdsErrorCode = PatientErrorCode | 'not-signed-in' | 'session-expired' | 'invalid-nhs-number' | 'cancelled';

export interface PdsError {
  readonly code: PdsErrorCode;
  readonly message: string;
  /** PDS's HTTP status when it answered (the token exchange's never shows here). */
  readonly httpStatus?: number;
}

export interface PdsDirectory {
  lookUp(nhsNumber: string, signal?: AbortSignal): Promise<Result<PdsAnswer, PdsError>>;
}

export const DEFAULT_PDS_TIMEOUT_MS = 20_000;
const PDS_RETRY_DELAYS: RetryDelays = [200, 800];
/** Refresh this long before the access token expires (at most half its life), so no request carries a dying token. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;

const NOT_ANSWERING =
  'The patient look-up (PDS) is not answering, so the patient could not be confirmed. Try again in a few minutes; if it keeps happening, contact your IT service desk.';
const MESSAGES = {
  notSignedIn: 'Sign in to look up a patient.',
  sessionExpired: 'Your sign-in has expired. Sign in again to look up a patient.',
  notPermitted:
    'PDS did not allow your sign-in to look up patient details. If your role should allow it, contact your registration authority or IT service desk.',
  cancelled: 'The patient look-up was cancelled.',
  refusedExchange:
    'The patient look-up (PDS) could not be reached with your sign-in: the organisation’s sign-in service refused it. Contact your IT service desk.',
} as const;

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  token_type: z.string().optional(),
});
const oauthErrorSchema = z.object({ error: z.string() });
const operationOutcomeSchema = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(z.object({ details: z.object({ coding: z.array(z.object({ code: z.string().optional() })).optional() }).optional() })),
});

interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

interface CachedToken {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshAtMs: number;
}

/** A failure decided on the way, carried to the one place that turns failures into values. */
class LookUpFailure extends Error {
  constructor(readonly failure: PdsError) {
    super(failure.message);
  }
}

export function createPdsDirectory(options: PdsDirectoryOptions): PdsDirectory {
  const fetchFn = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PDS_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());
  const delays = options.retryDelays ?? PDS_RETRY_DELAYS;
  const baseUrl = options.config.baseUrl.replace(/\/+$/u, '');
  let cached: CachedToken | undefined;

  /** One request, retried by the one policy; statuses worth another try are thrown until the tries run out. */
  function send(url: string, init: RequestInit, signal: AbortSignal | undefined): Promise<HttpAnswer> {
    return withRetries(
      async () => {
        const deadline = AbortSignal.timeout(timeoutMs);
        const response = await fetchFn(url, { ...init, redirect: 'error', signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
        const text = await response.text();
        if (response.status === 408 || response.status === 429 || response.status >= 500) {
          throw new HttpStatusError(response.status);
        }
        return { status: response.status, body: parseJson(text) };
      },
      { delays, shouldRetry: isRetryable, signal },
    );
  }

  async function accessToken(signal: AbortSignal | undefined, mustBeNew: boolean): Promise<{ readonly token: string; readonly reused: boolean }> {
    const idToken = await options.idToken().catch(() => {
      throw new LookUpFailure({ code: 'not-signed-in', message: MESSAGES.notSignedIn });
    });
    const nowMs = now().getTime();
    if (!mustBeNew && cached?.idToken === idToken && nowMs < cached.refreshAtMs) {
      return { token: cached.accessToken, reused: true };
    }
    cached = undefined;
    const form = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: options.clientId,
      subject_token: idToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      audience: baseUrl,
    });
    const answer = await send(
      options.config.tokenExchangeUrl,
      { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: form },
      signal,
    ).catch((error: unknown) => {
      // The exchange's own status must not pass for PDS's in the audit.
      if (error instanceof HttpStatusError) {
        options.logger?.warn('PDS token exchange failed', { httpStatus: error.status });
        throw new LookUpFailure({ code: 'patient-lookup-failed', message: NOT_ANSWERING });
      }
      throw error;
    });
    const granted = tokenAnswerSchema.safeParse(answer.body);
    if (answer.status !== 200 || !granted.success) {
      const oauthError = oauthErrorSchema.safeParse(answer.body);
      options.logger?.warn('PDS token exchange refused', { httpStatus: answer.status, error: oauthError.success ? oauthError.data.error : 'unreadable answer' });
      // invalid_grant: the ID token itself is no longer good (expired, or from a sign-in that has ended).
      throw new LookUpFailure(
        oauthError.success && oauthError.data.error === 'invalid_grant'
          ? { code: 'session-expired', message: MESSAGES.sessionExpired }
          : { code: 'patient-lookup-failed', message: MESSAGES.refusedExchange },
      );
    }
    const lifetimeMs = granted.data.expires_in * 1000;
    cached = { idToken, accessToken: granted.data.access_token, refreshAtMs: nowMs + lifetimeMs - Math.min(TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 2) };
    return { token: granted.data.access_token, reused: false };
  }

  async function getPatient(nhsNumber: string, signal: AbortSignal | undefined): Promise<HttpAnswer> {
    // One request id for the look-up, its retries included: PDS uses it to tell a repeat from a new request.
    const requestId = randomUUID();
    const attempt = async (token: string): Promise<HttpAnswer> =>
      send(
        `${baseUrl}/Patient/${nhsNumber}`,
        { headers: { Authorization: `Bearer ${token}`, 'X-Request-ID': requestId, Accept: 'application/fhir+json' } },
        signal,
      );
    const first = await accessToken(signal, false);
    const answer = await attempt(first.token);
    if (answer.status !== 401 || !first.reused) {
      return answer;
    }
    // A kept token PDS no longer accepts (revoked, or the clocks disagree): one fresh exchange, then the answer stands.
    return attempt((await accessToken(signal, true)).token);
  }

  function outcomeOf(nhsNumber: string, answer: HttpAnswer): Result<PdsAnswer, PdsError> {
    const { status } = answer;
    const failed = (code: PdsErrorCode, message: string): Result<never, PdsError> => ({ ok: false, error: { code, message, httpStatus: status } });
    const spoken = formatNhsNumber(nhsNumber);
    const codes = spineCodes(answer.body);
    if (status === 200) {
      const mapped = mapPdsPatient(answer.body, { requestedNhsNumber: nhsNumber, now: now() });
      if (!mapped.ok) {
        options.logger?.warn('PDS answer unreadable', { nhsNumber, httpStatus: status, detail: mapped.error.detail });
        return failed(mapped.error.code, mapped.error.message);
      }
      return { ok: true, value: { ...mapped.value, httpStatus: status } };
    }
    if (codes.includes('INVALIDATED_RESOURCE')) {
      return failed(
        'patient-number-superseded',
        `This NHS number (${spoken}) is no longer in use: PDS has cancelled it. Check the patient's current NHS number and search again.`,
      );
    }
    if (status === 404) {
      return failed('patient-not-found', `No patient was found with NHS number ${spoken}. Check the number and search again.`);
    }
    if (status === 400 && codes.includes('INVALID_RESOURCE_ID')) {
      return failed('patient-not-found', `PDS does not recognise ${spoken} as an NHS number. Check the number and search again.`);
    }
    if (status === 401) {
      cached = undefined;
      return failed('session-expired', MESSAGES.sessionExpired);
    }
    if (status === 403) {
      return failed('not-permitted', MESSAGES.notPermitted);
    }
    return failed('patient-lookup-failed', NOT_ANSWERING);
  }

  return {
    async lookUp(typed, signal) {
      const nhsNumber = parseNhsNumber(typed);
      if (!nhsNumber.ok) {
        return { ok: false, error: { code: 'invalid-nhs-number', message: nhsNumber.message } };
      }
      let result: Result<PdsAnswer, PdsError>;
      try {
        result = outcomeOf(nhsNumber.value, await getPatient(nhsNumber.value, signal));
      } catch (error) {
        result = { ok: false, error: failureOf(error, signal) };
        if (!(error instanceof LookUpFailure)) {
          options.logger?.warn('PDS look-up failed', { nhsNumber: nhsNumber.value, error: errorFields(error) });
        }
      }
      options.logger?.info('PDS look-up', {
        nhsNumber: nhsNumber.value,
        outcome: result.ok ? 'found' : result.error.code,
        httpStatus: result.ok ? result.value.httpStatus : result.error.httpStatus,
        replaced: result.ok && result.value.replacedNhsNumber !== undefined,
      });
      return result;
    },
  };
}

function failureOf(error: unknown, signal: AbortSignal | undefined): PdsError {
  if (error instanceof LookUpFailure) {
    return error.failure;
  }
  if (signal?.aborted === true) {
    return { code: 'cancelled', message: MESSAGES.cancelled };
  }
  return { code: 'patient-lookup-failed', message: NOT_ANSWERING, ...(error instanceof HttpStatusError ? { httpStatus: error.status } : {}) };
}

/** PDS's error codes in an OperationOutcome (`issue[].details.coding[].code`); none for any other body. */
function spineCodes(body: unknown): ReadonlyArray<string> {
  const outcome = operationOutcomeSchema.safeParse(body);
  if (!outcome.success) {
    return [];
  }
  return outcome.data.issue.flatMap((issue) => (issue.details?.coding ?? []).flatMap((coding) => (coding.code === undefined ? [] : [coding.code])));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
