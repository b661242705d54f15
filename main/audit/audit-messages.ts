/**
 * Audit messages for the `<env>-sensitive-audit` queue.
 *
 * The download message keeps the original system's fields (`timestamp`, `correlationId`, `nhsNumber`,
 * `fileMetadataList`, `description`) so the existing Splunk consumer still reads it, and adds what the original never
 * recorded: a unique `eventId` (consumers dedupe on it; standard SQS queues deliver at least once) and the actor
 * (who, on which machine, with which app). Builders are pure: the clock and the id are inputs.
 *
 * Messages carry identifiers only, never document content, local paths or saved file names.
 */
import type { RoleCode, SignedInPerson } from '../../common/identity.js';

/** Who did it, from where, with what. */
export interface AuditActor {
  /** The person signed in with NHS Care Identity, in the role they act in, and this sign-in's session id. */
  readonly person: SignedInPerson;
  /** The AWS principal the app acted as (the assumed role's ARN): secondary to the person. */
  readonly principal: string;
  readonly osUser: string;
  readonly hostName: string;
  readonly app: { readonly name: string; readonly version: string };
}

/** Anything the sender and the outbox can carry: a JSON object with a unique event id. */
export interface AuditEvent {
  readonly eventId: string;
}

/** The actor fields every message carries, flattened. */
export interface AuditActorFields {
  /** CIS2 `nhsid_useruid`. */
  readonly userId: string;
  readonly userName: string;
  /** GP_ADMIN, GP_CLINICAL or PCSE. */
  readonly roleCode: RoleCode;
  /** CIS2 `person_roleid` of the role acted in. */
  readonly userRoleId: string;
  readonly odsCode: string;
  readonly sessionId: string;
  readonly principal: string;
  readonly osUser: string;
  readonly hostName: string;
  readonly appName: string;
  readonly appVersion: string;
}

/** One document in the download message, as the original `audit/FileMetadata.java`. */
export interface AuditFileMetadata {
  readonly id: string;
  readonly fileName: string;
  /** The stored content type. */
  readonly fileType: string;
}

export const DOWNLOAD_DESCRIPTION = 'Downloaded documents';
export const SEARCH_DESCRIPTION = 'Searched patient documents';
export const SAVED_DESCRIPTION = 'Saved documents';
export const NOTHING_TO_DOWNLOAD_DESCRIPTION = 'Found no documents to download';

export interface DownloadAuditMessage extends AuditEvent, AuditActorFields {
  readonly timestamp: string;
  readonly correlationId: string;
  readonly nhsNumber: string;
  readonly fileMetadataList: readonly AuditFileMetadata[];
  readonly description: typeof DOWNLOAD_DESCRIPTION;
}

export interface SearchAuditMessage extends AuditEvent, AuditActorFields {
  readonly timestamp: string;
  readonly correlationId: string;
  readonly nhsNumber: string;
  readonly resultCount: number;
  readonly description: typeof SEARCH_DESCRIPTION;
}

export interface SavedAuditMessage extends AuditEvent, AuditActorFields {
  readonly timestamp: string;
  readonly correlationId: string;
  readonly nhsNumber: string;
  /** Lower-case hex SHA-256 of the saved ZIP. */
  readonly sha256: string;
  /** Size of the saved ZIP in bytes. */
  readonly bytes: number;
  /** Number of documents in the saved ZIP. */
  readonly documentCount: number;
  readonly description: typeof SAVED_DESCRIPTION;
}

export interface NothingToDownloadAuditMessage extends AuditEvent, AuditActorFields {
  readonly timestamp: string;
  readonly correlationId: string;
  readonly nhsNumber: string;
  /** Documents of the patient that exist but may not be downloaded (deleted, not uploaded, not scanned Clean). */
  readonly excludedCount: number;
  readonly description: typeof NOTHING_TO_DOWNLOAD_DESCRIPTION;
}

export type AuditMessage = DownloadAuditMessage | SearchAuditMessage | SavedAuditMessage | NothingToDownloadAuditMessage;

/** What every builder takes. */
export interface AuditMessageInput {
  readonly actor: AuditActor;
  readonly correlationId: string;
  readonly nhsNumber: string;
  readonly now: Date;
  readonly eventId: string;
}

/** The documents delivered in a download: only these appear, with only `id`, `fileName` and `fileType`. */
export function downloadAuditMessage(
  input: AuditMessageInput & {
    readonly files: ReadonlyArray<{ readonly id: string; readonly fileName: string; readonly fileType: string }>;
  },
): DownloadAuditMessage {
  return {
    timestamp: input.now.toISOString(),
    correlationId: input.correlationId,
    nhsNumber: input.nhsNumber,
    fileMetadataList: input.files.map(({ id, fileName, fileType }) => ({ id, fileName, fileType })),
    description: DOWNLOAD_DESCRIPTION,
    eventId: input.eventId,
    ...actorFields(input.actor),
  };
}

/** A view of a patient's document list (the original never audited `GET /DocumentReference`). */
export function searchAuditMessage(input: AuditMessageInput & { readonly resultCount: number }): SearchAuditMessage {
  return {
    timestamp: input.now.toISOString(),
    correlationId: input.correlationId,
    nhsNumber: input.nhsNumber,
    resultCount: input.resultCount,
    description: SEARCH_DESCRIPTION,
    eventId: input.eventId,
    ...actorFields(input.actor),
  };
}

/** A ZIP written and verified on this machine: what was delivered, never where it was saved or under which name. */
export function savedAuditMessage(
  input: AuditMessageInput & { readonly sha256: string; readonly bytes: number; readonly documentCount: number },
): SavedAuditMessage {
  return {
    timestamp: input.now.toISOString(),
    correlationId: input.correlationId,
    nhsNumber: input.nhsNumber,
    sha256: input.sha256,
    bytes: input.bytes,
    documentCount: input.documentCount,
    description: SAVED_DESCRIPTION,
    eventId: input.eventId,
    ...actorFields(input.actor),
  };
}

/** A download asked for and refused because no document of the patient may be downloaded: still a look at the record. */
export function nothingToDownloadAuditMessage(input: AuditMessageInput & { readonly excludedCount: number }): NothingToDownloadAuditMessage {
  return {
    timestamp: input.now.toISOString(),
    correlationId: input.correlationId,
    nhsNumber: input.nhsNumber,
    excludedCount: input.excludedCount,
    description: NOTHING_TO_DOWNLOAD_DESCRIPTION,
    eventId: input.eventId,
    ...actorFields(input.actor),
  };
}

export function actorFields(actor: AuditActor): AuditActorFields {
  const { person } = actor;
  return {
    userId: person.id,
    userName: person.name,
    roleCode: person.role.roleCode,
    userRoleId: person.role.personRoleId,
    odsCode: person.role.odsCode,
    sessionId: person.sessionId,
    principal: actor.principal,
    osUser: actor.osUser,
    hostName: actor.hostName,
    appName: actor.app.name,
    appVersion: actor.app.version,
  };
}
