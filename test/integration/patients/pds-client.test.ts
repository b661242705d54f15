import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { Result } from '../../../common/result.js';
import { openLogger } from '../../../main/logging/logger.js';
import type { FhirPatient } from '../../../main/patients/fhir-patient.js';
import { type PdsDirectoryOptions, createPdsDirectory } from '../../../main/patients/pds-client.js';
import { PDS_SANDBOX_PATIENTS } from '../../../main/sandbox/identity/pds-patients.js';
import { PDS_BASE_PATH, type RunningPdsStandIn, startPdsStandIn } from '../../../main/sandbox/identity/pds-stand-in.js';
import { SYNTHETIC_PATIENTS } from '../../../main/sandbox/patients.js';
import { type FreezingProxy, startFreezingProxy } from '../../support/freezing-proxy.js';
import { TEST_CLIENT_ID, type TokenIssuer, startTokenIssuer } from '../../support/token-issuer.js';

let issuer: TokenIssuer;
let standIn: RunningPdsStandIn;
let idToken: string;
const extraPatient: FhirPatient = {
  resourceType: 'Patient',
  id: '9990000093',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000093' }],
  name: [{ use: 'usual', given: ['Extra'], family: 'Person' }],
  birthDate: '1999-09-09',
  generalPractitioner: [{ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'B82002' } }],
};

beforeAll(async () => {
  issuer = await startTokenIssuer();
  standIn = await startPdsStandIn({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, extraPatients: [extraPatient] });
  idToken = await issuer.idToken();
});

afterAll(async () => {
  await standIn.stop();
  await issuer.stop();
});

afterEach(() => {
  issuer.forgeAccessTokens = false;
  issuer.accessTokenSeconds = 300;
});

function errorOf<T, E extends { readonly code: string; readonly message: string }>(result: Result<T, E>): E {
  if (result.ok) {
    throw new Error('expected the look-up to fail');
  }
  return result.error;
}

function urlOf(input: Parameters<typeof fetch>[0]): string {
  return input instanceof Request ? input.url : input.toString();
}

function directory(overrides: Partial<PdsDirectoryOptions> = {}): ReturnType<typeof createPdsDirectory> {
  return createPdsDirectory({
    config: { baseUrl: standIn.baseUrl, tokenExchangeUrl: issuer.tokenExchangeUrl },
    clientId: TEST_CLIENT_ID,
    idToken: () => Promise.resolve(idToken),
    retryDelays: [5, 5],
    ...overrides,
  });
}

describe('PDS look-up against the sandbox stand-in', () => {
  it('finds a registered patient, with the PDS status for the audit', async () => {
    const result = await directory().lookUp('9990000018');
    expect(result).toEqual({
      ok: true,
      value: {
        httpStatus: 200,
        patient: {
          nhsNumber: '9990000018',
          name: 'Amelia Rose HARTLEY',
          givenName: 'Amelia Rose',
          familyName: 'Hartley',
          birthDate: '1984-03-14',
          gender: 'female',
          gp: { odsCode: 'A81001', name: null },
          status: 'active',
          deceasedDate: null,
          restricted: false,
          address: '12 Willow Court, Riverside, Leeds',
          postcode: 'LS1 4AP',
        },
      },
    });
  });

  it('says in plain words when no patient has the number', async () => {
    const result = await directory().lookUp('999 000 0115');
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'patient-not-found',
        httpStatus: 404,
        message: 'No patient was found with NHS number 999 000 0115. Check the number and search again.',
      },
    });
  });

  it('says a cancelled (superseded) number is no longer in use', async () => {
    const result = await directory().lookUp('9990000077');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ code: 'patient-number-superseded', httpStatus: 404 });
      expect(result.error.message).toMatch(/^This NHS number \(999 000 0077\) is no longer in use/);
    }
  });

  it('gives the surviving patient for a merged number, with the number asked for as replaced', async () => {
    const result = await directory().lookUp('9990000085');
    expect(result.ok && result.value.patient.nhsNumber).toBe('9990000018');
    expect(result.ok && result.value.replacedNhsNumber).toBe('9990000085');
  });

  it('shows a restricted patient without the address the stand-in holds', async () => {
    const result = await directory().lookUp('9990000069');
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.patient).toMatchObject({ restricted: true, address: null, postcode: null, name: 'Sam RIVERS' });
      expect(JSON.stringify(result.value)).not.toMatch(/Refuge|LS99/);
    }
  });

  it('serves every seeded patient, each with the status the sandbox table promises', async () => {
    const pds = directory();
    const statuses: Record<string, string> = {};
    for (const { nhsNumber } of SYNTHETIC_PATIENTS) {
      const result = await pds.lookUp(nhsNumber);
      statuses[nhsNumber] = result.ok ? `${result.value.patient.status} ${result.value.patient.gp?.odsCode ?? 'no GP'}${result.value.patient.restricted ? ' restricted' : ''}` : result.error.code;
    }
    expect(statuses).toEqual({
      '9990000018': 'active A81001',
      '9990000026': 'active A81001',
      '9990000034': 'active B82002',
      '9990000042': 'inactive no GP',
      '9990000050': 'deceased A81001',
      '9990000069': 'active A81001 restricted',
    });
    expect(PDS_SANDBOX_PATIENTS.map((entry) => entry.nhsNumber).sort()).toEqual(SYNTHETIC_PATIENTS.map((patient) => patient.nhsNumber).sort());
  });

  it('serves patients added from a patients file', async () => {
    const result = await directory().lookUp('9990000093');
    expect(result.ok && result.value.patient).toMatchObject({ name: 'Extra PERSON', gp: { odsCode: 'B82002' }, status: 'active' });
  });

  it('refuses what is not an NHS number without asking PDS', async () => {
    const before = issuer.exchanges.length;
    const result = await directory().lookUp('9990000019');
    expect(errorOf(result).code).toBe('invalid-nhs-number');
    expect(issuer.exchanges).toHaveLength(before);
  });
});

describe('PDS access tokens', () => {
  it('exchanges the ID token as RFC 8693 says, for PDS as the audience', async () => {
    const before = issuer.exchanges.length;
    await directory().lookUp('9990000018');
    const form = issuer.exchanges[before];
    expect(Object.fromEntries(form ?? [])).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: TEST_CLIENT_ID,
      subject_token: idToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      audience: standIn.baseUrl,
    });
  });

  it('keeps the access token across look-ups until shortly before it expires', async () => {
    let now = new Date('2026-06-01T10:00:00Z');
    const pds = directory({ now: () => now });
    const before = issuer.exchanges.length;
    expect((await pds.lookUp('9990000018')).ok).toBe(true);
    expect((await pds.lookUp('9990000026')).ok).toBe(true);
    expect(issuer.exchanges.length - before).toBe(1);

    now = new Date(now.getTime() + 280_000);
    expect((await pds.lookUp('9990000034')).ok).toBe(true);
    expect(issuer.exchanges.length - before).toBe(2);
  });

  it("exchanges again for another person's ID token", async () => {
    const other = await issuer.idToken({ subject: '555000000002' });
    let current = idToken;
    const pds = directory({ idToken: () => Promise.resolve(current) });
    const before = issuer.exchanges.length;
    await pds.lookUp('9990000018');
    current = other;
    await pds.lookUp('9990000018');
    expect(issuer.exchanges.slice(before).map((form) => form.get('subject_token'))).toEqual([idToken, other]);
  });

  it('answers "sign in again" when PDS refuses the access token, and exchanges afresh next time', async () => {
    const pds = directory();
    issuer.forgeAccessTokens = true;
    const refused = await pds.lookUp('9990000018');
    expect(refused).toEqual({
      ok: false,
      error: { code: 'session-expired', httpStatus: 401, message: 'Your sign-in has expired. Sign in again to look up a patient.' },
    });

    issuer.forgeAccessTokens = false;
    const before = issuer.exchanges.length;
    expect((await pds.lookUp('9990000018')).ok).toBe(true);
    expect(issuer.exchanges.length - before).toBe(1);
  });

  it('exchanges once more when PDS stops accepting a kept token', async () => {
    const revoked = new Set<string>();
    const revokingFetch: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      if (revoked.has(headers.get('authorization') ?? '')) {
        headers.set('authorization', 'Bearer revoked');
      }
      return fetch(input, { ...init, headers });
    };
    const seen: string[] = [];
    const pds = directory({
      fetch: (input, init) => {
        const authorization = new Headers(init?.headers).get('authorization');
        if (authorization !== null) {
          seen.push(authorization.slice('Bearer '.length));
        }
        return revokingFetch(input, init);
      },
    });
    expect((await pds.lookUp('9990000018')).ok).toBe(true);
    revoked.add(`Bearer ${seen[0] ?? ''}`);
    const before = issuer.exchanges.length;
    expect((await pds.lookUp('9990000026')).ok).toBe(true);
    expect(issuer.exchanges.length - before).toBe(1);
  });

  it('answers "sign in again" when the ID token has expired', async () => {
    const expired = await issuer.idToken({ expiresInSeconds: -60 });
    const result = await directory({ idToken: () => Promise.resolve(expired) }).lookUp('9990000018');
    expect(errorOf(result)).toEqual({ code: 'session-expired', message: 'Your sign-in has expired. Sign in again to look up a patient.' });
  });

  it('answers "sign in" when nobody is signed in', async () => {
    const result = await directory({ idToken: () => Promise.reject(new Error('no session')) }).lookUp('9990000018');
    expect(errorOf(result)).toEqual({ code: 'not-signed-in', message: 'Sign in to look up a patient.' });
  });

  it('says the organisation refused it when the exchange rejects this app', async () => {
    const result = await directory({ clientId: 'someone-else' }).lookUp('9990000018');
    expect(errorOf(result).code).toBe('patient-lookup-failed');
  });
});

describe('PDS not answering', () => {
  let proxy: FreezingProxy | undefined;

  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('gives up at the deadline on a stalled PDS, after the retries of the one policy', async () => {
    proxy = await startFreezingProxy(standIn.baseUrl);
    proxy.freezeAll();
    const result = await directory({ config: { baseUrl: `${proxy.url}${PDS_BASE_PATH}`, tokenExchangeUrl: issuer.tokenExchangeUrl }, timeoutMs: 200 }).lookUp(
      '9990000018',
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'patient-lookup-failed',
        message:
          'The patient look-up (PDS) is not answering, so the patient could not be confirmed. Try again in a few minutes; if it keeps happening, contact your IT service desk.',
      },
    });
    expect(proxy.requests.filter((line) => line.startsWith('GET '))).toHaveLength(3);
  });

  it('retries a 503 and then answers', async () => {
    let calls = 0;
    const flaky: typeof fetch = (input, init) => {
      calls += 1;
      return urlOf(input).includes('/Patient/') && calls <= 2 ? Promise.resolve(new Response('busy', { status: 503 })) : fetch(input, init);
    };
    const result = await directory({ fetch: flaky }).lookUp('9990000018');
    expect(result.ok && result.value.httpStatus).toBe(200);
  });

  it('keeps the last PDS status when the retries run out', async () => {
    const failing: typeof fetch = (input, init) =>
      urlOf(input).includes('/Patient/') ? Promise.resolve(new Response('', { status: 503 })) : fetch(input, init);
    const result = await directory({ fetch: failing }).lookUp('9990000018');
    expect(errorOf(result)).toMatchObject({ code: 'patient-lookup-failed', httpStatus: 503 });
  });

  it('stops when the person cancels', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await directory().lookUp('9990000018', controller.signal);
    expect(errorOf(result).code).toBe('cancelled');
  });
});

describe('the log of a look-up', () => {
  it('never holds the NHS number, the name or the address in plain text', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pds-log-'));
    try {
      const logger = openLogger(dataDir);
      const pds = directory({ logger });
      await pds.lookUp('9990000018');
      await pds.lookUp('9990000115');
      await pds.lookUp('9990000085');
      const log = await readFile(logger.file ?? '', 'utf8');
      expect(log).toContain('PDS look-up');
      expect(log).toContain('"httpStatus":404');
      expect(log).not.toMatch(/9990000018|999 000 0018|9990000115|9990000085|Hartley|Willow/i);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the stand-in speaks as PDS does', () => {
  async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${standIn.baseUrl}${path}`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function accessToken(): Promise<string> {
    const response = await fetch(issuer.tokenExchangeUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        client_id: TEST_CLIENT_ID,
        subject_token: idToken,
        subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
        audience: standIn.baseUrl,
      }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  }

  const outcomeCode = (body: Record<string, unknown>): unknown =>
    (body as { issue: Array<{ code: string; details: { coding: Array<{ code: string }> } }> }).issue.map((issue) => [issue.code, issue.details.coding[0]?.code]);

  it('refuses a request without a token, or with an ID token in place of an access token', async () => {
    expect(await get('/Patient/9990000018')).toMatchObject({ status: 401, body: { resourceType: 'OperationOutcome' } });
    const wrongAudience = await get('/Patient/9990000018', { Authorization: `Bearer ${idToken}`, 'X-Request-ID': crypto.randomUUID() });
    expect(wrongAudience.status).toBe(401);
    expect(outcomeCode(wrongAudience.body)).toEqual([['forbidden', 'ACCESS_DENIED']]);
  });

  it('answers an unknown number with RESOURCE_NOT_FOUND and a missing request id with MISSING_VALUE', async () => {
    const token = await accessToken();
    const unknown = await get('/Patient/9990000115', { Authorization: `Bearer ${token}`, 'X-Request-ID': crypto.randomUUID() });
    expect(unknown.status).toBe(404);
    expect(outcomeCode(unknown.body)).toEqual([['not-found', 'RESOURCE_NOT_FOUND']]);
    const noRequestId = await get('/Patient/9990000018', { Authorization: `Bearer ${token}` });
    expect(noRequestId.status).toBe(400);
    expect(outcomeCode(noRequestId.body)).toEqual([['required', 'MISSING_VALUE']]);
    const invalid = await get('/Patient/9990000019', { Authorization: `Bearer ${token}`, 'X-Request-ID': crypto.randomUUID() });
    expect(outcomeCode(invalid.body)).toEqual([['value', 'INVALID_RESOURCE_ID']]);
  });
});
