/** The local archive of saved ZIPs and the offline view of one ZIP, as the UI and the CLI see them (types, and one limit). */
import type { Manifest, ManifestDocument } from './manifest.js';
import type { Unsubscribe } from './contract.js';
import type { Result } from './result.js';

/** How the ZIP entered the archive: saved by this app, or added from disk with "Add a ZIP…". */
export type ArchiveSource = 'download' | 'import';

/** Verified: the file is there and hashes as recorded. Changed: it hashes differently. Missing: it is not there. */
export type ArchiveStatus = 'verified' | 'changed' | 'missing';

/** One ZIP in the archive index, as recorded when it was saved or added. */
export interface ArchiveEntry {
  readonly id: string;
  readonly source: ArchiveSource;
  /** Null for an added ZIP without this app's manifest. */
  readonly nhsNumber: string | null;
  /** When the record was saved (an added ZIP: its manifest's date, else the file's modified time), ISO 8601. */
  readonly savedAt: string;
  /** When the entry was added to the archive, ISO 8601. */
  readonly addedAt: string;
  /** Absolute path of the ZIP. */
  readonly path: string;
  readonly bytes: number;
  /** SHA-256 of the whole ZIP as hex. */
  readonly sha256: string;
  readonly documentCount: number;
  /** Documents that could not be read when the ZIP was made (listed in its manifest, not in the ZIP). */
  readonly missingCount: number;
  readonly correlationId: string | null;
  /** The environment the record came from (for example "prod"); null when unknown (an added ZIP). */
  readonly environment: string | null;
  /** The manifest's document list; empty when the ZIP has no manifest of ours. */
  readonly documents: ReadonlyArray<ManifestDocument>;
  /** Added ZIPs only: true when every document matched its manifest SHA-256; absent when there was no manifest. */
  readonly manifestVerified?: boolean;
  /** Who saved it, as they were signed in; absent for added ZIPs and records saved before sign-in existed. */
  readonly savedBy?: ArchiveSavedBy;
  /** The patient's name as PDS gave it when the record was saved; absent when not known. */
  readonly patientName?: string;
  /** The PDF of the whole record saved beside the ZIP, when one was asked for and made. */
  readonly recordPdf?: { readonly path: string; readonly sha256: string };
}

/** The person who saved a record, in the role they acted in. */
export interface ArchiveSavedBy {
  readonly name: string;
  readonly roleName: string;
  readonly orgName: string;
  readonly odsCode: string;
}

/** An archive entry with what the UI shows beside it. */
export interface ArchiveEntryView {
  readonly entry: ArchiveEntry;
  /** Null until the file has been checked (listing does not read the files; verifying does). */
  readonly status: ArchiveStatus | null;
  /** When the status was found, ISO 8601; null with it. */
  readonly checkedAt: string | null;
  /** Plain words when the file is there but cannot be read (reported as 'missing': it cannot be vouched for). */
  readonly problem: string | null;
  /** True when the configured retention period has passed since `savedAt`: the user should review it. */
  readonly reviewDue: boolean;
}

/** The archive list with, once, the news that a damaged index was moved aside. */
export interface ArchiveListing {
  readonly entries: ReadonlyArray<ArchiveEntryView>;
  readonly recovered: ArchiveRecovery | null;
}

/** A damaged index file was renamed (kept, never emptied) and a fresh index started. */
export interface ArchiveRecovery {
  readonly movedTo: string;
  readonly message: string;
}

/** How one ZIP entry compares with the manifest inside the same ZIP. */
export type EntryCheck = 'matches' | 'differs' | 'not-in-manifest';

/**
 * Whether an entry's content could be read when the ZIP was listed. Unreadable: damaged or password-protected.
 * Refused: never read, or reading stopped, because it declares or yields a "ZIP bomb"'s amount of content.
 */
export type ZipEntryStatus = 'readable' | 'unreadable' | 'refused';

/** One file inside a ZIP. */
export interface ZipEntryInfo {
  /** The name inside the ZIP, as stored; it is what `readEntry` takes. */
  readonly name: string;
  readonly size: number;
  readonly compressedSize: number;
  /** By extension; null when unknown. */
  readonly contentType: string | null;
  /** True when the app can show it (PDF, PNG, JPEG, GIF, WebP). */
  readonly viewable: boolean;
  readonly status: ZipEntryStatus;
  /** What went wrong, in plain words, when the status is not 'readable'; otherwise null. */
  readonly problem: string | null;
  /** Null when the content could not be read (see `status`). */
  readonly sha256: string | null;
  /** An entry that could not be read counts as 'differs' when the manifest lists it: it cannot be vouched for. */
  readonly check: EntryCheck;
  /** The manifest's record for this entry; null when it is not in the manifest. */
  readonly document: ManifestDocument | null;
}

/** The manifest a ZIP carries, and whether its contents still match it. */
export interface ZipManifestCheck {
  readonly manifest: Manifest;
  /** Entry names the manifest lists as included that the ZIP lacks. */
  readonly absentEntries: ReadonlyArray<string>;
  /** True when every entry matches and none is absent or unlisted. */
  readonly verified: boolean;
}

/** What a ZIP holds, read offline. */
export interface ZipListing {
  readonly file: string;
  /** The documents (every entry except this app's manifest and folders). */
  readonly entries: ReadonlyArray<ZipEntryInfo>;
  /** Null when the ZIP carries no manifest of ours. */
  readonly manifest: ZipManifestCheck | null;
  /** Why a `manifest.json` in the ZIP could not be used; null when there is none or it was used. */
  readonly manifestProblem: string | null;
  /** Larger documents are not shown in the app (the policy's limit, `MAX_VIEW_BYTES` by default): offer the system viewer. */
  readonly viewLimitBytes: number;
}

/** How far a long archive operation (hashing a ZIP, listing its documents) has got, in bytes. */
export interface ArchiveProgress {
  readonly phase: 'hashing' | 'listing';
  readonly doneBytes: number;
  readonly totalBytes: number;
}

/** One document read from inside a ZIP, for viewing; nothing is extracted to disk. */
export interface ZipDocument {
  readonly name: string;
  readonly contentType: string | null;
  readonly sha256: string;
  readonly bytes: Uint8Array;
}

/** The result of "Add a ZIP…". */
export interface ArchiveImport {
  readonly entry: ArchiveEntry;
  readonly listing: ZipListing;
  /** True when this very file (same path and SHA-256) was already in the archive; nothing new was added. */
  readonly alreadyArchived: boolean;
}

/** The default largest document the viewer is sent (raw bytes): larger ones are offered to the system viewer and "Save a copy…". */
export const MAX_VIEW_BYTES = 50 * 1024 * 1024;

/**
 * One document from inside a ZIP as it crosses the boundary to the viewer: the bytes as base64, one representation
 * for IPC and the web preview's JSON alike, capped at `MAX_VIEW_BYTES` before encoding. Nothing is extracted to disk.
 */
export interface ArchiveDocument {
  /** The entry name inside the ZIP. */
  readonly name: string;
  /** By extension; null when unknown. */
  readonly contentType: string | null;
  /** SHA-256 of the bytes as read now, hex. */
  readonly sha256: string;
  /** Number of bytes (before base64). */
  readonly size: number;
  readonly base64: string;
}

/** What "Remove from archive" did. */
export interface ArchiveRemoval {
  /** Where the ZIP is (or was, when deleted). */
  readonly file: string;
  readonly fileDeleted: boolean;
}

/** Where "Save a copy…" wrote one document. */
export interface SavedCopy {
  readonly file: string;
}

/**
 * The archive operations the renderer calls, as `documentStore.archive`. The renderer names entries by id only,
 * never by path: main looks the path up in the index, and asks for new files with its own dialogs.
 */
export interface ArchiveApi {
  /** Newest first, optionally one patient's; statuses are null until verified. */
  list(filter?: { readonly nhsNumber?: string }): Promise<Result<ArchiveListing>>;
  /** Hashes one file; the answer lists that one entry. */
  verify(id: string): Promise<Result<ReadonlyArray<ArchiveEntryView>>>;
  /** Hashes every file in the archive, newest first. */
  verifyAll(): Promise<Result<ReadonlyArray<ArchiveEntryView>>>;
  /** "Open": the ZIP's documents, checked against its manifest, offline. */
  open(id: string): Promise<Result<ZipListing>>;
  /** One document's bytes (base64) for the viewer; nothing is extracted to disk. */
  readEntry(id: string, entryName: string): Promise<Result<ArchiveDocument>>;
  /** "Save a copy…" of one document: main asks where; null when the user cancels. */
  saveEntry(id: string, entryName: string): Promise<Result<SavedCopy | null>>;
  /** "Locate…": main asks where the file is now and accepts it only when its SHA-256 matches; null when cancelled. */
  locate(id: string): Promise<Result<ArchiveEntryView | null>>;
  /** "Add a ZIP…": main asks for the file; null when the user cancels. */
  add(): Promise<Result<ArchiveImport | null>>;
  /** "Remove from archive"; the file is deleted only when asked and only while it is unchanged. */
  remove(id: string, options: { readonly deleteFile: boolean }): Promise<Result<ArchiveRemoval>>;
  showInFolder(id: string): Promise<Result<null>>;
  /** Opens the ZIP itself with the computer's default app. */
  openFile(id: string): Promise<Result<null>>;
  /** Stops the open, add, verify or locate still running: it answers 'cancelled'. */
  cancel(): Promise<Result<null>>;
  /** How far hashing or listing has got, a few times a second at most, while one runs. */
  onProgress(listener: (progress: ArchiveProgress) => void): Unsubscribe;
}
