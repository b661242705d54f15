/**
 * Audit messages about reaching a patient at all: the PDS look-up ("Searched for patient details", with PDS's HTTP
 * status, as the original system sent it) and an attempt the role rules refused. Pure, like ./audit-messages.ts.
 */
import { type AuditActorFields, type AuditEvent, type AuditMessageInput, actorFields } from './audit-messages.js';

export const PATIENT_LOOKUP_DESCRIPTION = 'Searched for patient details';
export const REFUSED_DESCRIPTION = 'Refused access to patient documents';

export interface PatientLookupAuditMessage extends AuditEvent, AuditActorFields {
  readonly timestamp: string;
  readonly correlationId: string;
  readonly nhsNumber: string;
  /** PDS's HTTP status; absent when PDS gave no answer (unreachable, timed out). */
  readonly pdsStatus?: number;
  readonly description: typeof PATIENT_LOOKUP_DESCRIPTION;
}

export interface RefusedAuditMessage extends AuditEvent, AuditActorFields {
  readonly timestamp: string;
  readonly correlationId: string;
  readonly nhsNumber: string;
  /** What the person tried: list the documents, or download them. */
  readonly attempted: 'search' | 'download';
  /** The plain-words reason the person was shown. */
  readonly reason: string;
  readonly description: typeof REFUSED_DESCRIPTION;
}

export function patientLookupAuditMessage(input: AuditMessageInput & { readonly pdsStatus: number | undefined }): PatientLookupAuditMessage {
  return {
    timestamp: input.now.toISOString(),
    correlationId: input.correlationId,
    nhsNumber: input.nhsNumber,
    ...(input.pdsStatus === undefined ? {} : { pdsStatus: input.pdsStatus }),
    description: PATIENT_LOOKUP_DESCRIPTION,
    eventId: input.eventId,
    ...actorFields(input.actor),
  };
}

export function refusedAuditMessage(input: AuditMessageInput & { readonly attempted: 'search' | 'download'; readonly reason: string }): RefusedAuditMessage {
  return {
    timestamp: input.now.toISOString(),
    correlationId: input.correlationId,
    nhsNumber: input.nhsNumber,
    attempted: input.attempted,
    reason: input.reason,
    description: REFUSED_DESCRIPTION,
    eventId: input.eventId,
    ...actorFields(input.actor),
  };
}
