/**
 * The sandbox's PDS: an HTTP server on 127.0.0.1 answering `GET /personal-demographics/FHIR/R4/Patient/{nhs}` as PDS's
 * FHIR R4 API does, for the sandbox's patients (pds-patients.ts) and any added with `--patients FILE`.
 *
 * Like PDS it demands a user-restricted access token, here a JWT from the sandbox's token exchange, verified against
 * the issuer's JWKS with jose (issuer, audience = this base URL, signature, expiry); anything else is a 401. Errors are
 * OperationOutcomes with PDS's codes: 400 INVALID_RESOURCE_ID or MISSING_VALUE, 404 RESOURCE_NOT_FOUND or
 * INVALIDATED_RESOURCE. One difference on purpose: a restricted patient keeps their address and GP here, so the
 * app's own withholding is what a tester sees.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { parseNhsNumber } from '../../../common/nhs-number.js';
import { type FhirPatient, SPINE_ERROR_SYSTEM, nhsNumberOf } from '../../patients/fhir-patient.js';
import { closeServer, listenOnLoopback, urlOf } from '../loopback-server.js';
import { PDS_INVALIDATED_NUMBERS, PDS_MERGED_NUMBERS, PDS_SANDBOX_PATIENTS } from './pds-patients.js';

export interface PdsStandInOptions {
  /** The issuer whose tokens are accepted (the sandbox's OpenID provider). */
  readonly issuer: string;
  readonly jwksUri: string;
  /** Patients added to (or replacing) the sandbox's own, by NHS number. */
  readonly extraPatients?: ReadonlyArray<FhirPatient>;
}

export interface RunningPdsStandIn {
  /** `http://127.0.0.1:<port>/personal-demographics/FHIR/R4`: the PDS base URL, and the audience tokens must name. */
  readonly baseUrl: string;
  stop(): Promise<void>;
}

export const PDS_BASE_PATH = '/personal-demographics/FHIR/R4';
const PATIENT_PATH = new RegExp(`^${PDS_BASE_PATH}/Patient/([^/]*)$`, 'u');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

type IssueType = 'not-found' | 'value' | 'required' | 'forbidden' | 'not-supported';

export async function startPdsStandIn(options: PdsStandInOptions): Promise<RunningPdsStandIn> {
  const patients = new Map<string, FhirPatient>();
  for (const { nhsNumber, resource } of PDS_SANDBOX_PATIENTS) {
    patients.set(nhsNumber, resource);
  }
  for (const resource of options.extraPatients ?? []) {
    const nhsNumber = nhsNumberOf(resource);
    if (nhsNumber !== undefined) {
      patients.set(nhsNumber, resource);
    }
  }
  const keys = createRemoteJWKSet(new URL(options.jwksUri));
  let baseUrl = '';

  async function isAuthorised(request: IncomingMessage): Promise<boolean> {
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || token === undefined || token === '') {
      return false;
    }
    try {
      await jwtVerify(token, keys, { issuer: options.issuer, audience: baseUrl });
      return true;
    } catch {
      return false;
    }
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = request.headers['x-request-id'];
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const match = PATIENT_PATH.exec(path);
    if (match === null) {
      return sendOutcome(response, 400, 'not-supported', 'UNSUPPORTED_SERVICE', 'Unsupported Service');
    }
    if (request.method !== 'GET') {
      return sendOutcome(response, 405, 'not-supported', 'UNSUPPORTED_SERVICE', `Method ${request.method ?? ''} not allowed`);
    }
    if (!(await isAuthorised(request))) {
      return sendOutcome(response, 401, 'forbidden', 'ACCESS_DENIED', 'Access Denied - Unauthorised');
    }
    if (typeof requestId !== 'string' || requestId === '') {
      return sendOutcome(response, 400, 'required', 'MISSING_VALUE', "Invalid request with error - X-Request-ID header must be supplied to access this resource");
    }
    if (!UUID.test(requestId)) {
      return sendOutcome(response, 400, 'value', 'INVALID_VALUE', `Invalid value - '${requestId}' in header 'X-Request-ID'`);
    }
    const requested = decodeURIComponent(match[1] ?? '');
    if (!parseNhsNumber(requested).ok || requested.length !== 10) {
      return sendOutcome(response, 400, 'value', 'INVALID_RESOURCE_ID', 'Resource Id is invalid');
    }
    if (PDS_INVALIDATED_NUMBERS.includes(requested)) {
      return sendOutcome(response, 404, 'not-found', 'INVALIDATED_RESOURCE', 'Resource that has been marked as invalid was requested - invalid resources cannot be retrieved');
    }
    const patient = patients.get(PDS_MERGED_NUMBERS[requested] ?? requested) ?? patients.get(requested);
    if (patient === undefined) {
      return sendOutcome(response, 404, 'not-found', 'RESOURCE_NOT_FOUND', 'Resource not found');
    }
    response.writeHead(200, { 'Content-Type': 'application/fhir+json', 'X-Request-ID': requestId, ETag: `W/"${versionOf(patient)}"` });
    response.end(JSON.stringify(patient));
  }

  const server = createServer((request, response) => {
    // Drain any body; the answer does not depend on it.
    request.resume();
    answer(request, response).catch(() => sendOutcome(response, 500, 'not-supported', 'FAILURE_TO_PROCESS_MESSAGE', 'Failed to process message'));
  });
  await listenOnLoopback(server);
  baseUrl = `${urlOf(server)}${PDS_BASE_PATH}`;
  return { baseUrl, stop: () => closeServer(server) };
}

function versionOf(patient: FhirPatient): string {
  const version = patient.meta?.versionId;
  return typeof version === 'string' || typeof version === 'number' ? String(version) : '1';
}

function sendOutcome(response: ServerResponse, status: number, type: IssueType, code: string, display: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'Content-Type': 'application/fhir+json' });
  response.end(
    JSON.stringify({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: type, details: { coding: [{ system: SPINE_ERROR_SYSTEM, version: '1', code, display }] } }],
    }),
  );
}
