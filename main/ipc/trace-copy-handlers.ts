/**
 * The trace copy channels: the window reads where each background copy of a saved ZIP stands (single pass, policy
 * `traceCopy` 'background') and hears each change, so the person sees the copy go on after "Saved".
 *
 * An upload reports every part it sends; the window hears at most a few of those a second through the one throttle,
 * while a change of state (started, complete, unverified, failed, retrying) always goes at once.
 */
import type { PayloadOf, ValueOf } from '../../common/channels.js';
import type { TraceCopyStatus } from '../../common/download.js';
import type { Result } from '../../common/result.js';
import { createThrottle, type Throttle } from '../download/throttle.js';
import type { TraceCopies } from '../jobs/trace-copies.js';
import { maskSecrets } from '../logging/secrets.js';
import type { Emit } from './handlers.js';

type TraceCopyChannel = 'trace-copies:list';

export type TraceCopyImplementations = {
  readonly [C in TraceCopyChannel]: (payload: PayloadOf<C>, emit: Emit) => Promise<Result<ValueOf<C>>>;
};

/** At most four updates a second for each copy: enough for a percentage to move, few enough not to flood the window. */
export const TRACE_COPY_PROGRESS_INTERVAL_MS = 250;

/** 'trace-copies:list': every copy of this run; none where the services keep no copies (the CLI's, a test's). */
export function traceCopyHandlers(copies: Pick<TraceCopies, 'status'> | undefined): TraceCopyImplementations {
  return {
    'trace-copies:list': () => Promise.resolve({ ok: true, value: (copies?.status() ?? []).map(forWindow) }),
  };
}

/**
 * Sends each change of a copy to the window as 'trace-copies:changed'; returns the unsubscribe.
 *
 * Each copy has its own throttle, so one copy's progress never holds back another's news.
 */
export function forwardTraceCopyChanges(
  copies: Pick<TraceCopies, 'onChange'> | undefined,
  emit: Emit,
  intervalMs: number = TRACE_COPY_PROGRESS_INTERVAL_MS,
): () => void {
  if (copies === undefined) {
    return () => undefined;
  }
  const uploading = new Map<string, Throttle>();
  return copies.onChange((status) => {
    if (status.state !== 'uploading') {
      // A copy between attempts or done needs no throttle; its next attempt starts with a fresh one, and goes at once.
      uploading.delete(status.correlationId);
      emit('trace-copies:changed', forWindow(status));
      return;
    }
    let throttle = uploading.get(status.correlationId);
    const started = throttle === undefined;
    if (throttle === undefined) {
      throttle = createThrottle(intervalMs);
      uploading.set(status.correlationId, throttle);
    }
    const allSent = status.bytesTotal !== undefined && (status.bytesUploaded ?? 0) >= status.bytesTotal;
    if (throttle(started || allSent)) {
      emit('trace-copies:changed', forWindow(status));
    }
  });
}

/** A problem may quote an SDK or OS error: no credential in it reaches the window. */
function forWindow(status: TraceCopyStatus): TraceCopyStatus {
  return status.problem === undefined ? status : { ...status, problem: maskSecrets(status.problem) };
}
