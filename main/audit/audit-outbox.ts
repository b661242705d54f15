import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../files/atomic-write.js';
import type { AuditEvent } from './audit-messages.js';
import type { AuditSender } from './audit-sender.js';

/**
 * A durable local outbox for audit events that must reach the queue at least once, even if the app quits first.
 *
 * Each event is one file, `<directory>/<eventId>.json`, holding the message as it will be sent. A file is written
 * atomically (temporary file in the same folder, fsync, rename, fsync of the folder) and removed only after SQS
 * acknowledged the send, so a crash at any point leaves the event either pending or sent (and possibly sent twice:
 * consumers dedupe on `eventId`).
 *
 * An event whose outcome is not yet certain (a "saved" event written before the file is placed) is held as
 * `<eventId>.pending` and sent only once confirmed, or discarded. A pending file no outbox object of this run holds
 * was left by a run that ended before deciding: it is sent with `confirmed: false`, since the audit must not lose an
 * event that may have happened.
 *
 * Flushes within one outbox object are serialised; one directory must belong to one outbox object (the app runs
 * as a single instance).
 */
export interface AuditOutbox {
  /** Stores the event durably; resolves once it is on disk. Storing the same `eventId` twice keeps one file. */
  enqueue(message: AuditEvent): Promise<void>;
  /** Stores the event durably but holds it back from flushes until `confirm` (or `discard`). */
  hold(message: AuditEvent): Promise<void>;
  /**
   * Releases a held event to the next flush. The release counts from the call: should moving the file fail (the
   * promise rejects), flushes of this run still send it as confirmed.
   */
  confirm(eventId: string): Promise<void>;
  /** Drops a held event whose outcome did not happen. */
  discard(eventId: string): Promise<void>;
  /** Sends every pending event, oldest first; see `FlushResult`. Never rejects for a send failure. */
  flush(): Promise<FlushResult>;
  /** How many events are waiting to be sent. */
  pendingCount(): Promise<number>;
}

export interface FlushResult {
  /** Events acknowledged by the queue and removed from the outbox in this flush. */
  readonly sent: number;
  /** Events still waiting after this flush. */
  readonly pending: number;
  /** File names moved to `<directory>/corrupt/` in this flush because they could not be read as an event. */
  readonly corrupt: readonly string[];
  /** Why the flush stopped early, when a send failed; the remaining events wait for the next flush. */
  readonly error?: unknown;
}

export interface AuditOutboxOptions {
  readonly directory: string;
  readonly sender: Pick<AuditSender, 'send'>;
}

export const CORRUPT_FOLDER = 'corrupt';
const EVENT_SUFFIX = '.json';
const PENDING_SUFFIX = '.pending';
const TEMP_SUFFIX = '.tmp';
const STALE_TEMP_MS = 60_000;
// Event ids become file names: keep them to characters safe on every platform.
const SAFE_EVENT_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function createAuditOutbox(options: AuditOutboxOptions): AuditOutbox {
  const { directory, sender } = options;
  const corruptDirectory = path.join(directory, CORRUPT_FOLDER);
  let active: Promise<FlushResult> | undefined;
  let queued: Promise<FlushResult> | undefined;
  let lastStampMs = 0;
  const held = new Set<string>();
  const confirmedHere = new Set<string>();

  // File system clocks tick coarsely (often several milliseconds), so each enqueue stamps its file's modification
  // time itself, strictly later than the previous one: creation order survives restarts without a wrapper format.
  function nextStamp(): Date {
    lastStampMs = Math.max(Date.now(), lastStampMs + 1);
    return new Date(lastStampMs);
  }

  async function pendingFiles(): Promise<string[]> {
    const names = await listDirectory(directory);
    return names.filter(isEventFile);
  }

  // A held event waits for its decision; a pending one from an earlier run is sent for what it is, unconfirmed.
  function toSend(name: string, event: AuditEvent): AuditEvent | undefined {
    if (!name.endsWith(PENDING_SUFFIX) || confirmedHere.has(event.eventId)) {
      return event;
    }
    const unconfirmed: AuditEvent & { readonly confirmed: false } = { ...event, confirmed: false };
    return held.has(event.eventId) ? undefined : unconfirmed;
  }

  async function store(message: AuditEvent, suffix: string): Promise<void> {
    if (!SAFE_EVENT_ID.test(message.eventId)) {
      throw new TypeError('An audit event id must be 1 to 128 letters, digits, "-" or "_".');
    }
    await mkdir(directory, { recursive: true });
    const stamp = nextStamp();
    await writeFileAtomically(
      path.join(directory, `${message.eventId}${suffix}`),
      async (handle) => {
        await handle.writeFile(JSON.stringify(message), 'utf8');
        await handle.utimes(stamp, stamp);
      },
      { temporarySuffix: TEMP_SUFFIX },
    );
  }

  async function run(): Promise<FlushResult> {
    const names = await listDirectory(directory);
    await removeStaleTemporaryFiles(directory, names.filter((name) => name.endsWith(TEMP_SUFFIX)));
    const ordered = await inCreationOrder(directory, names.filter(isEventFile));
    let sent = 0;
    const corrupt: string[] = [];
    let failure: { readonly error: unknown } | undefined;
    for (const name of ordered) {
      const file = path.join(directory, name);
      const event = await readEvent(file);
      if (event === 'missing') {
        continue;
      }
      if (event === 'corrupt') {
        await moveAside(file, corruptDirectory, name);
        corrupt.push(name);
        continue;
      }
      const outgoing = toSend(name, event);
      if (outgoing === undefined) {
        continue;
      }
      try {
        await sender.send(outgoing);
      } catch (error) {
        // The queue is likely unreachable: keep this event and the rest for the next flush, in order.
        failure = { error };
        break;
      }
      await unlinkIfPresent(file);
      confirmedHere.delete(event.eventId);
      sent += 1;
    }
    const pending = (await pendingFiles()).length;
    return failure === undefined ? { sent, pending, corrupt } : { sent, pending, corrupt, error: failure.error };
  }

  function flush(): Promise<FlushResult> {
    if (active === undefined) {
      active = run().finally(() => {
        active = undefined;
      });
      return active;
    }
    // One flush at a time; callers arriving meanwhile share the next one, which sees their events.
    queued ??= active
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return flush();
      });
    return queued;
  }

  return {
    enqueue(message) {
      return store(message, EVENT_SUFFIX);
    },
    async hold(message) {
      held.add(message.eventId);
      try {
        await store(message, PENDING_SUFFIX);
      } catch (error) {
        held.delete(message.eventId);
        throw error;
      }
    },
    async confirm(eventId) {
      held.delete(eventId);
      confirmedHere.add(eventId);
      const pending = path.join(directory, `${eventId}${PENDING_SUFFIX}`);
      await rename(pending, path.join(directory, `${eventId}${EVENT_SUFFIX}`));
      confirmedHere.delete(eventId);
    },
    async discard(eventId) {
      held.delete(eventId);
      await unlinkIfPresent(path.join(directory, `${eventId}${PENDING_SUFFIX}`));
    },
    flush,
    async pendingCount() {
      return (await pendingFiles()).length;
    },
  };
}

function isEventFile(name: string): boolean {
  return name.endsWith(EVENT_SUFFIX) || name.endsWith(PENDING_SUFFIX);
}

async function listDirectory(directory: string): Promise<string[]> {
  try {
    const entries = await readdir(directory, { withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
  } catch (error) {
    if (isMissing(error)) {
      return [];
    }
    throw error;
  }
}

// Oldest first by the stamped modification time, then by name for a stable order.
async function inCreationOrder(directory: string, names: readonly string[]): Promise<string[]> {
  const stamped = await Promise.all(
    names.map(async (name) => {
      try {
        return { name, mtime: (await stat(path.join(directory, name))).mtimeMs };
      } catch (error) {
        if (isMissing(error)) {
          return undefined;
        }
        throw error;
      }
    }),
  );
  return stamped
    .filter((entry) => entry !== undefined)
    .sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name))
    .map((entry) => entry.name);
}

// A temporary file younger than a minute may belong to an enqueue in progress; older ones are crash leftovers.
async function removeStaleTemporaryFiles(directory: string, names: readonly string[]): Promise<void> {
  const now = Date.now();
  for (const name of names) {
    const file = path.join(directory, name);
    try {
      const { mtimeMs } = await stat(file);
      if (now - mtimeMs > STALE_TEMP_MS) {
        await unlinkIfPresent(file);
      }
    } catch (error) {
      if (!isMissing(error)) {
        throw error;
      }
    }
  }
}

async function readEvent(file: string): Promise<AuditEvent | 'missing' | 'corrupt'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) {
      return 'missing';
    }
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'corrupt';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'corrupt';
  }
  const { eventId } = parsed as { eventId?: unknown };
  return typeof eventId === 'string' && SAFE_EVENT_ID.test(eventId) ? (parsed as AuditEvent) : 'corrupt';
}

// Kept for a person to inspect, never dropped; a name already taken in corrupt/ gets a unique suffix.
async function moveAside(file: string, corruptDirectory: string, name: string): Promise<void> {
  await mkdir(corruptDirectory, { recursive: true });
  const target = path.join(corruptDirectory, name);
  const free = (await exists(target)) ? path.join(corruptDirectory, `${name}.${randomUUID()}`) : target;
  await rename(file, free);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (isMissing(error)) {
      return false;
    }
    throw error;
  }
}

async function unlinkIfPresent(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if (!isMissing(error)) {
      throw error;
    }
  }
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}
