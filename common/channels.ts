/**
 * The one table of the main↔renderer boundary: every request channel (`domain:verb`) with the schema its payload
 * must pass and the type of its result, and every event channel with its payload type.
 *
 * Main's handlers parse each payload with the schema here; the preload, the web preview's bridge, the handler table
 * and the tests derive their channel lists and types from it, so a channel is added in one place. The renderer
 * imports this file for types only, so zod never reaches its bundle.
 */
import { z } from 'zod';
import type {
  ArchiveDocument,
  ArchiveProgress,
  ArchiveEntryView,
  ArchiveImport,
  ArchiveListing,
  ArchiveRemoval,
  SavedCopy,
  ZipListing,
} from './archive.js';
import {
  type AppInfo,
  type Diagnostics,
  type DownloadProgressEvent,
  MAX_CHOSEN_DOCUMENTS,
  MAX_DOCUMENT_ID_LENGTH,
  type SearchProgressEvent,
  type Settings,
} from './contract.js';
import type { DownloadSummary, TraceCopyStatus } from './download.js';
import type { SearchsetBundle } from './fhir.js';
import type { SessionView } from './identity.js';
import type { ManagedSettingsView } from './managed-settings.js';
import type { PatientLookup } from './patient.js';

declare const RESULT: unique symbol;
/** A result type carried by the table for the compiler; it has no value at run time. */
interface Returns<T> {
  readonly [RESULT]?: T;
}
const returns = <T>(): Returns<T> => ({});

const requestId = z.string().min(1).max(100);
const nhsNumberInput = z.string().max(40);
// A file this app saved, named by the path main reported; main refuses any other path.
const savedFile = z.strictObject({ file: z.string().min(1).max(4_096) });
// Archive requests name an index entry by id and a document by its name inside the ZIP; never a path on disk.
const archiveId = z.string().min(1).max(100);
const archiveEntry = z.strictObject({ id: archiveId });
const zipEntry = z.strictObject({ id: archiveId, entryName: z.string().min(1).max(4_096) });
const none = z.undefined();
/** The documents the user chose to download, by id, each once; the CLI's `--documents` takes the same. */
export const chosenDocumentIds = z
  .array(z.string().min(1).max(MAX_DOCUMENT_ID_LENGTH))
  .min(1)
  .max(MAX_CHOSEN_DOCUMENTS)
  .refine((ids) => new Set(ids).size === ids.length, 'Each document may be chosen once.');

/** Every request channel: its payload schema and its result type. */
export const REQUESTS = {
  'app:info': { payload: none, result: returns<AppInfo>() },
  /** Builds the diagnostics text and copies it to the clipboard where main can. */
  'app:diagnostics': { payload: none, result: returns<Diagnostics>() },
  /** The managed settings page: each setting, its value and source (registry, profile, file, environment, default). */
  'app:managed-settings': { payload: none, result: returns<ManagedSettingsView>() },
  /** The running download's share done, for the taskbar (null: none running); the window's own bar is the renderer's. */
  'app:taskbar-progress': { payload: z.strictObject({ fraction: z.number().min(0).max(1).nullable() }), result: returns<null>() },
  'session:get': { payload: none, result: returns<SessionView>() },
  /** Opens the sign-in in the system browser and resolves when it has finished, failed or been cancelled. */
  'session:sign-in': { payload: none, result: returns<SessionView>() },
  'session:cancel-sign-in': { payload: none, result: returns<null>() },
  /** The role to act in, when the person has more than one this app recognises. */
  'session:choose-role': { payload: z.strictObject({ personRoleId: z.string().min(1).max(100) }), result: returns<SessionView>() },
  'session:sign-out': { payload: none, result: returns<SessionView>() },
  /** The person is using the window (keys, pointer): the idle time-out starts again. Sent at most once a minute. */
  'session:activity': { payload: none, result: returns<null>() },
  /** Finds the patient on PDS and says what the signed-in person may do with their record. */
  'patients:look-up': { payload: z.strictObject({ nhsNumber: nhsNumberInput }), result: returns<PatientLookup>() },
  /** The renderer chooses `requestId`, so progress events and cancel can name the search. */
  'documents:search': { payload: z.strictObject({ requestId, nhsNumber: nhsNumberInput }), result: returns<SearchsetBundle>() },
  'documents:cancel-search': { payload: z.strictObject({ requestId }), result: returns<null>() },
  /**
   * Without `documentIds`, every document that can be downloaded; with it, only those of the chosen ones. `recordPdf`:
   * also save one PDF of the whole record beside the ZIP.
   */
  'download:start': {
    payload: z.strictObject({ requestId, nhsNumber: nhsNumberInput, documentIds: chosenDocumentIds.optional(), recordPdf: z.boolean().optional() }),
    result: returns<DownloadSummary>(),
  },
  'download:cancel': { payload: z.strictObject({ requestId }), result: returns<null>() },
  'settings:get': { payload: none, result: returns<Settings>() },
  'settings:choose-folder': { payload: none, result: returns<Settings>() },
  'file:show-in-folder': { payload: savedFile, result: returns<null>() },
  'file:open': { payload: savedFile, result: returns<null>() },
  'archive:list': { payload: z.strictObject({ nhsNumber: nhsNumberInput.optional() }), result: returns<ArchiveListing>() },
  /** One entry, or every entry. */
  'archive:verify': {
    payload: z.union([archiveEntry, z.strictObject({ all: z.literal(true) })]),
    result: returns<ReadonlyArray<ArchiveEntryView>>(),
  },
  'archive:locate': { payload: archiveEntry, result: returns<ArchiveEntryView | null>() },
  /** `deleteFile`: main deletes the ZIP only while it still hashes as recorded. */
  'archive:remove': { payload: z.strictObject({ id: archiveId, deleteFile: z.boolean() }), result: returns<ArchiveRemoval>() },
  'archive:open': { payload: archiveEntry, result: returns<ZipListing>() },
  'archive:read-entry': { payload: zipEntry, result: returns<ArchiveDocument>() },
  'archive:save-entry': { payload: zipEntry, result: returns<SavedCopy | null>() },
  'archive:add': { payload: none, result: returns<ArchiveImport | null>() },
  'archive:show-in-folder': { payload: archiveEntry, result: returns<null>() },
  'archive:open-file': { payload: archiveEntry, result: returns<null>() },
  /** Stops the archive's long work (open, add, verify, locate): it answers 'cancelled'. */
  'archive:cancel': { payload: none, result: returns<null>() },
  /** The saved ZIPs' copies to the document store this run (single pass, policy `traceCopy` 'background'), oldest first. */
  'trace-copies:list': { payload: none, result: returns<ReadonlyArray<TraceCopyStatus>>() },
} as const;

/** Every event channel main pushes to the renderer, with its payload type. */
export const EVENTS = {
  /** The session changed without a request of this window's: idle sign-out, expiry, a new sign-in elsewhere. */
  'session:changed': returns<SessionView>(),
  'documents:search-progress': returns<SearchProgressEvent>(),
  'download:progress': returns<DownloadProgressEvent>(),
  /** Hashing or listing a ZIP of the archive, throttled. */
  'archive:progress': returns<ArchiveProgress>(),
  /** A background copy of a saved ZIP changed: started, sent so far (throttled), complete, unverified or failed. */
  'trace-copies:changed': returns<TraceCopyStatus>(),
} as const;

export type RequestChannel = keyof typeof REQUESTS;
export type EventChannel = keyof typeof EVENTS;
/** What the renderer sends on a channel, as main's schema accepts it. */
export type PayloadOf<C extends RequestChannel> = z.infer<(typeof REQUESTS)[C]['payload']>;
/** What a channel's successful result carries. */
export type ValueOf<C extends RequestChannel> = (typeof REQUESTS)[C]['result'] extends Returns<infer V> ? V : never;
export type EventOf<C extends EventChannel> = (typeof EVENTS)[C] extends Returns<infer E> ? E : never;

/** The request channels, for registering one handler each. */
export const REQUEST_CHANNELS = Object.keys(REQUESTS) as ReadonlyArray<RequestChannel>;
