/**
 * The app's services as a signed-in person uses them, on the sandbox with all its real parts: the OpenID provider
 * (signed in headlessly as a synthetic person), STS credentials the sandbox's S3 checks, PDS through token exchange,
 * the role rules in main, and the person in every audit message.
 */
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../main/setup/backend.js';
import { receiveEventWhere } from '../../support/audit-queue.js';
import { signedInSandbox } from '../../support/signed-in-sandbox.js';

const ALEX_RIVERSIDE_ADMIN = '555000000001';
const PRIYA_RIVERSIDE_CLINICIAN = '555000000002';
const JORDAN_PCSE = '555000000005';
const RIVERSIDE_PATIENT = '9990000018';
const HILLVIEW_PATIENT = '9990000034';
const NO_GP_PATIENT = '9990000042';
const SUPERSEDED = '9990000077';
const MERGED_INTO_RIVERSIDE_PATIENT = '9990000085';

const sandbox = signedInSandbox('signed-in');
const as = (personId: string, options: { readonly signIn?: boolean } = {}) => sandbox.as(personId, options);

function auditWhere(backend: Backend, match: Readonly<Record<string, unknown>>) {
  return receiveEventWhere(backend.clients.sqs, sandbox.queueUrl(), (body) =>
    Object.entries(match).every(([field, value]) => (body as Record<string, unknown> | null)?.[field] === value),
  );
}

describe('a GP administrator at Riverside', () => {
  it('confirms a Riverside patient, lists and downloads their documents with credentials from the sign-in', async () => {
    const { backend, services, folder } = await as(ALEX_RIVERSIDE_ADMIN);
    const person = backend.session?.person();
    expect(person?.role).toMatchObject({ roleCode: 'GP_ADMIN', odsCode: 'A81001' });

    const lookup = await services.lookUpPatient('999 000 0018');
    expect(lookup.ok && lookup.value.access).toEqual({ maySearch: true, mayDownload: true });
    const searched = await services.search(RIVERSIDE_PATIENT);
    expect(searched.ok && searched.value.total).toBeGreaterThan(0);
    const downloaded = await services.download({ nhsNumber: RIVERSIDE_PATIENT, folder });
    expect(downloaded.ok).toBe(true);
    expect((await readdir(folder)).filter((name) => name.endsWith('.zip'))).toHaveLength(1);

    // Every message names the person, the role, the organisation and the session.
    const who = { userId: ALEX_RIVERSIDE_ADMIN, roleCode: 'GP_ADMIN', odsCode: 'A81001', sessionId: person?.sessionId };
    const patientDetails = await auditWhere(backend, { ...who, description: 'Searched for patient details', nhsNumber: RIVERSIDE_PATIENT });
    expect(patientDetails.body).toMatchObject({ pdsStatus: 200, userName: 'Alex Morgan' });
    await auditWhere(backend, { ...who, description: 'Searched patient documents', nhsNumber: RIVERSIDE_PATIENT });
    const download = await auditWhere(backend, { ...who, description: 'Downloaded documents', nhsNumber: RIVERSIDE_PATIENT });
    expect((download.body as { principal: string }).principal).toContain('assumed-role/DocumentStoreGpAdmin/');
    await auditWhere(backend, { ...who, description: 'Saved documents', nhsNumber: RIVERSIDE_PATIENT });
  });

  it('may not see a Hillview patient: refused in plain words, nothing listed, and the attempt audited', async () => {
    const { backend, services } = await as(ALEX_RIVERSIDE_ADMIN);

    const lookup = await services.lookUpPatient(HILLVIEW_PATIENT);
    expect(lookup.ok && lookup.value.access.maySearch).toBe(false);
    const searched = await services.search(HILLVIEW_PATIENT);

    expect(searched).toEqual({ ok: false, error: { code: 'not-permitted', message: expect.stringContaining('not registered at Riverside') } });
    const refused = await auditWhere(backend, { description: 'Refused access to patient documents', nhsNumber: HILLVIEW_PATIENT, userId: ALEX_RIVERSIDE_ADMIN });
    expect(refused.body).toMatchObject({ attempted: 'search', roleCode: 'GP_ADMIN' });
  });

  it('is told when a number is no longer in use, and sees the surviving record of a merged one', async () => {
    const { services } = await as(ALEX_RIVERSIDE_ADMIN);

    expect(await services.lookUpPatient(SUPERSEDED)).toMatchObject({ ok: false, error: { code: 'patient-number-superseded' } });
    const merged = await services.lookUpPatient(MERGED_INTO_RIVERSIDE_PATIENT);
    expect(merged.ok && merged.value).toMatchObject({ replacedNhsNumber: MERGED_INTO_RIVERSIDE_PATIENT, patient: { nhsNumber: RIVERSIDE_PATIENT } });
  });
});

describe('a GP clinician at Riverside', () => {
  it('lists a Riverside patient’s documents but may not download them: no file, no download audit, the refusal audited', async () => {
    const { backend, services, folder } = await as(PRIYA_RIVERSIDE_CLINICIAN);

    expect((await services.search(RIVERSIDE_PATIENT)).ok).toBe(true);
    const downloaded = await services.download({ nhsNumber: RIVERSIDE_PATIENT, folder });

    expect(downloaded).toEqual({ ok: false, error: { code: 'not-permitted', message: expect.stringContaining('not download') } });
    expect(await readdir(folder)).toEqual([]);
    const refused = await auditWhere(backend, { description: 'Refused access to patient documents', userId: PRIYA_RIVERSIDE_CLINICIAN });
    expect(refused.body).toMatchObject({ attempted: 'download', roleCode: 'GP_CLINICAL', nhsNumber: RIVERSIDE_PATIENT });
  });
});

describe('PCSE', () => {
  it('reaches a patient with no registered GP, and not a registered one', async () => {
    const { services } = await as(JORDAN_PCSE);

    expect((await services.search(NO_GP_PATIENT)).ok).toBe(true);
    expect(await services.search(RIVERSIDE_PATIENT)).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
  });
});

describe('nobody signed in', () => {
  it('can look up no patient and list no document', async () => {
    const { services } = await as(ALEX_RIVERSIDE_ADMIN, { signIn: false });

    expect(await services.lookUpPatient(RIVERSIDE_PATIENT)).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    expect(await services.search(RIVERSIDE_PATIENT)).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
  });

  it('after signing out, the AWS credentials of the session are gone too', async () => {
    const { backend, services } = await as(ALEX_RIVERSIDE_ADMIN);
    expect((await services.search(RIVERSIDE_PATIENT)).ok).toBe(true);

    backend.session?.signOut();

    expect(await services.search(RIVERSIDE_PATIENT)).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    await expect(backend.clients.s3.config.credentials()).rejects.toMatchObject({ code: 'not-signed-in' });
  });
});
