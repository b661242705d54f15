// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TraceCopyStatus } from '../../../common/download.js';
import { createHandlers, type Emit } from '../../../main/ipc/handlers.js';
import { forwardTraceCopyChanges, TRACE_COPY_PROGRESS_INTERVAL_MS } from '../../../main/ipc/trace-copy-handlers.js';
import type { TraceCopies } from '../../../main/jobs/trace-copies.js';
import { createSettings } from '../../../main/settings/settings-store.js';
import { APP_INFO, fakePlatform, fakeServices } from '../../support/ipc-fakes.js';

// The trace copy channels as the window uses them (the sender check is electron-ipc's, for every channel): the list
// of this run's copies, and each change pushed to the window, progress throttled, news of a state never held back.

function copy(overrides: Partial<TraceCopyStatus> = {}): TraceCopyStatus {
  return { mode: 'background', state: 'uploading', correlationId: 'c1', location: 's3://zips/c1.zip', bytesUploaded: 0, bytesTotal: 1_000, ...overrides };
}

/** Copies whose status and listeners the test drives. */
function fakeCopies(statuses: TraceCopyStatus[] = []) {
  const listeners = new Set<(status: TraceCopyStatus) => void>();
  const copies = {
    start: vi.fn<TraceCopies['start']>(),
    resumeInterrupted: vi.fn(() => Promise.resolve(0)),
    status: vi.fn(() => statuses),
    onChange: vi.fn((listener: (status: TraceCopyStatus) => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    }),
    idle: vi.fn(() => Promise.resolve()),
    stop: vi.fn(() => Promise.resolve()),
    diagnostics: vi.fn(() => []),
  } satisfies TraceCopies;
  const change = (status: TraceCopyStatus) => listeners.forEach((listener) => listener(status));
  return { copies, change, listeners };
}

function handlersWith(traceCopies: TraceCopies | undefined) {
  const services = { ...fakeServices(), ...(traceCopies === undefined ? {} : { traceCopies }) };
  const handlers = createHandlers({ services, settings: createSettings(new Map()), platform: fakePlatform(), appInfo: () => Promise.resolve(APP_INFO) });
  return (payload?: unknown) => handlers['trace-copies:list'](payload, vi.fn());
}

describe("'trace-copies:list'", () => {
  it.each<unknown>([{}, { all: true }, 'c1', null, ['c1']])('refuses the payload %j (it takes none) and reads nothing', async (payload) => {
    const { copies } = fakeCopies([copy()]);
    const list = handlersWith(copies);
    expect(await list(payload)).toEqual({ ok: false, error: { code: 'invalid-request', message: expect.any(String) } });
    expect(copies.status).not.toHaveBeenCalled();
  });

  it("answers with every copy of this run as main's copies know it", async () => {
    const statuses = [copy({ state: 'complete', bytesUploaded: 1_000, checksum: 'CRC64NVME:abc=' }), copy({ correlationId: 'c2', bytesUploaded: 400 })];
    const list = handlersWith(fakeCopies(statuses).copies);
    expect(await list()).toEqual({ ok: true, value: statuses });
  });

  it('answers with no copies where the services keep none', async () => {
    expect(await handlersWith(undefined)()).toEqual({ ok: true, value: [] });
  });

  it('never lets a credential quoted in a problem reach the window', async () => {
    const problem = 'The copy could not be uploaded (CredentialsProviderError: key AKIAIOSFODNN7EXAMPLE refused by http://svc:hunter2-Pa55@proxy.example:8080).';
    const list = handlersWith(fakeCopies([copy({ state: 'failed', problem })]).copies);
    const result = await list();
    const text = JSON.stringify(result);
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(text).not.toContain('hunter2-Pa55');
    expect(text).toContain('The copy could not be uploaded');
  });
});

describe('forwardTraceCopyChanges', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function forwarding() {
    let now = 1_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const { copies, change, listeners } = fakeCopies();
    const sent: TraceCopyStatus[] = [];
    const emit: Emit = (channel, event) => {
      expect(channel).toBe('trace-copies:changed');
      sent.push(event as TraceCopyStatus);
    };
    const unsubscribe = forwardTraceCopyChanges(copies, emit);
    const later = (ms: number) => {
      now += ms;
    };
    return { change, sent, later, unsubscribe, listeners };
  }

  it('sends the start at once, then at most one progress update an interval, and the last byte at once', () => {
    const { change, sent, later } = forwarding();
    change(copy());
    change(copy({ bytesUploaded: 100 }));
    change(copy({ bytesUploaded: 200 }));
    later(TRACE_COPY_PROGRESS_INTERVAL_MS);
    change(copy({ bytesUploaded: 300 }));
    change(copy({ bytesUploaded: 1_000 }));
    expect(sent.map((status) => status.bytesUploaded)).toEqual([0, 300, 1_000]);
  });

  it('never holds back a change of state: complete, unverified, failed, and a retry that starts again', () => {
    const { change, sent } = forwarding();
    change(copy());
    change(copy({ state: 'failed', attempts: 1, nextAttemptAt: '2026-11-27T21:46:30.000Z' }));
    change(copy({ attempts: 1 }));
    change(copy({ state: 'unverified', bytesUploaded: 1_000 }));
    change(copy({ correlationId: 'c2' }));
    change(copy({ correlationId: 'c2', state: 'complete', bytesUploaded: 1_000 }));
    expect(sent.map((status) => `${status.correlationId} ${status.state}`)).toEqual(['c1 uploading', 'c1 failed', 'c1 uploading', 'c1 unverified', 'c2 uploading', 'c2 complete']);
  });

  it("throttles each copy on its own: one copy's progress never holds back another's", () => {
    const { change, sent } = forwarding();
    change(copy());
    change(copy({ correlationId: 'c2' }));
    change(copy({ bytesUploaded: 10 }));
    expect(sent.map((status) => status.correlationId)).toEqual(['c1', 'c2']);
  });

  it('masks a credential quoted in a problem', () => {
    const { change, sent } = forwarding();
    change(copy({ state: 'failed', problem: 'refused key AKIAIOSFODNN7EXAMPLE' }));
    expect(sent[0]?.problem).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('stops when unsubscribed, and does nothing where the services keep no copies', () => {
    const { change, sent, unsubscribe, listeners } = forwarding();
    unsubscribe();
    expect(listeners.size).toBe(0);
    change(copy());
    expect(sent).toEqual([]);
    expect(() => forwardTraceCopyChanges(undefined, vi.fn())()).not.toThrow();
  });
});
