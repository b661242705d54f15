import { randomUUID } from 'node:crypto';
import { TOOL_PERSON } from '../../../main/sandbox/identity/tool-gate.js';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AuditEvent, savedAuditMessage } from '../../../main/audit/audit-messages.js';
import { createAuditOutbox } from '../../../main/audit/audit-outbox.js';
import { AuditUnavailableError } from '../../../main/audit/audit-errors.js';
import { type AuditSender, createAuditSender } from '../../../main/audit/audit-sender.js';
import type { Backend } from '../../../main/setup/backend.js';
import { createOwnAuditQueue, queueUrlOf, receiveEvent } from '../../support/audit-queue.js';
import { openSandboxBackend } from '../../support/sandbox-backend.js';

const ACTOR = { person: TOOL_PERSON, principal: 'sandbox-user', osUser: 'tester', hostName: 'test-host', app: { name: 'Document Store Desktop', version: '0.0.0-test' } };
const TINY_DELAYS = [1, 1];

function auditEvent(eventId = randomUUID()) {
  return savedAuditMessage({
    actor: ACTOR,
    correlationId: randomUUID(),
    nhsNumber: '9990000018',
    sha256: 'f'.repeat(64),
    bytes: 2_048,
    documentCount: 2,
    now: new Date(),
    eventId,
  });
}

/** The real sender, recording which events it was asked to send, in order. */
function recording(sender: Pick<AuditSender, 'send'>): { sender: Pick<AuditSender, 'send'>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    sender: {
      send(message: AuditEvent, signal?: AbortSignal) {
        calls.push(message.eventId);
        return sender.send(message, signal);
      },
    },
  };
}

describe('audit outbox against the sandbox queue', () => {
  let working: Backend;
  let unreachable: Backend;
  let directory: string;
  let workingSender: AuditSender;
  let unreachableSender: AuditSender;

  let queue: Awaited<ReturnType<typeof createOwnAuditQueue>>;

  beforeAll(async () => {
    queue = await createOwnAuditQueue();
    working = await openSandboxBackend({ DOCSTORE_AUDIT_QUEUE_URL: queue.url });
    unreachable = await openSandboxBackend({ AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9' });
    workingSender = createAuditSender({ sqs: working.clients.sqs, queue: working.config.auditQueue, retryDelaysMs: TINY_DELAYS });
    unreachableSender = createAuditSender({ sqs: unreachable.clients.sqs, queue: unreachable.config.auditQueue, retryDelaysMs: TINY_DELAYS });
  });
  afterAll(async () => {
    await Promise.all([working.close(), unreachable.close()]);
    await queue.remove();
  });
  beforeEach(async () => {
    directory = path.join(await mkdtemp(path.join(os.tmpdir(), 'audit-outbox-')), 'outbox');
  });
  afterEach(async () => {
    await rm(path.dirname(directory), { recursive: true, force: true });
  });

  it('keeps an event on disk while the queue is unreachable and delivers it on a later flush', async () => {
    const message = auditEvent();
    const offline = createAuditOutbox({ directory, sender: unreachableSender });
    await offline.enqueue(message);
    expect(await readdir(directory)).toEqual([`${message.eventId}.json`]);
    expect(JSON.parse(await readFile(path.join(directory, `${message.eventId}.json`), 'utf8'))).toEqual(message);

    const failed = await offline.flush();
    expect(failed).toMatchObject({ sent: 0, pending: 1, corrupt: [] });
    expect(failed.error).toBeInstanceOf(AuditUnavailableError);
    expect(await offline.pendingCount()).toBe(1);
    expect(await readdir(directory)).toEqual([`${message.eventId}.json`]);

    // As after a restart: a new outbox on the same folder, now online.
    const online = createAuditOutbox({ directory, sender: workingSender });
    expect(await online.pendingCount()).toBe(1);
    expect(await online.flush()).toEqual({ sent: 1, pending: 0, corrupt: [] });
    expect(await online.pendingCount()).toBe(0);
    expect(await readdir(directory)).toEqual([]);
    expect((await receiveEvent(working.clients.sqs, queueUrlOf(working), message.eventId)).body).toEqual(message);
  });

  it('creates the folder on first enqueue and reports nothing pending before', async () => {
    const outbox = createAuditOutbox({ directory, sender: workingSender });
    expect(await outbox.pendingCount()).toBe(0);
    expect(await outbox.flush()).toEqual({ sent: 0, pending: 0, corrupt: [] });
    const message = auditEvent();
    await outbox.enqueue(message);
    expect(await outbox.pendingCount()).toBe(1);
    expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await outbox.flush();
    await receiveEvent(working.clients.sqs, queueUrlOf(working), message.eventId);
  });

  it('moves a file that is not valid JSON to corrupt/, reports it and still sends the rest', async () => {
    const { sender, calls } = recording(workingSender);
    const outbox = createAuditOutbox({ directory, sender });
    const message = auditEvent();
    await outbox.enqueue(message);
    await writeFile(path.join(directory, 'broken.json'), '{"eventId": "broken", "descr');
    await writeFile(path.join(directory, 'no-id.json'), '["not", "an", "event"]');

    const result = await outbox.flush();
    expect(result.sent).toBe(1);
    expect(result.pending).toBe(0);
    expect([...result.corrupt].sort()).toEqual(['broken.json', 'no-id.json']);
    expect(calls).toEqual([message.eventId]);
    expect(await readdir(directory)).toEqual(['corrupt']);
    expect((await readdir(path.join(directory, 'corrupt'))).sort()).toEqual(['broken.json', 'no-id.json']);
    expect(await readFile(path.join(directory, 'corrupt', 'broken.json'), 'utf8')).toBe('{"eventId": "broken", "descr');
    expect(await outbox.pendingCount()).toBe(0);
    await receiveEvent(working.clients.sqs, queueUrlOf(working), message.eventId);
  });

  it('never overwrites an earlier corrupt file of the same name', async () => {
    const outbox = createAuditOutbox({ directory, sender: workingSender });
    await outbox.enqueue(auditEvent()).then(() => outbox.flush());
    for (const content of ['first', 'second']) {
      await writeFile(path.join(directory, 'broken.json'), content);
      expect((await outbox.flush()).corrupt).toEqual(['broken.json']);
    }
    const kept = await readdir(path.join(directory, 'corrupt'));
    expect(kept).toHaveLength(2);
    const contents = await Promise.all(kept.map((name) => readFile(path.join(directory, 'corrupt', name), 'utf8')));
    expect(contents.sort()).toEqual(['first', 'second']);
  });

  it('sends in creation order and deletes each file only after its send', async () => {
    const { sender, calls } = recording(workingSender);
    const outbox = createAuditOutbox({ directory, sender });
    // Names that sort differently from their creation order.
    const messages = ['c', 'a', 'b', 'e', 'd'].map((letter) => auditEvent(`${letter}-${randomUUID()}`));
    for (const message of messages) {
      await outbox.enqueue(message);
    }
    const seenBeforeSend: string[][] = [];
    const checking: Pick<AuditSender, 'send'> = {
      async send(message) {
        seenBeforeSend.push(await readdir(directory));
        await sender.send(message);
      },
    };
    expect(await createAuditOutbox({ directory, sender: checking }).flush()).toEqual({ sent: 5, pending: 0, corrupt: [] });
    expect(calls).toEqual(messages.map((message) => message.eventId));
    seenBeforeSend.forEach((names, index) => {
      expect(names).toContain(`${messages[index]!.eventId}.json`);
    });
    for (const message of messages) {
      expect((await receiveEvent(working.clients.sqs, queueUrlOf(working), message.eventId)).body).toEqual(message);
    }
  });

  it('stops at the first failed send and keeps that event and the rest for the next flush', async () => {
    const messages = [auditEvent(), auditEvent(), auditEvent()];
    let sends = 0;
    const failingSecond: Pick<AuditSender, 'send'> = {
      async send(message) {
        sends += 1;
        if (sends === 2) {
          throw new AuditUnavailableError('test: second send fails');
        }
        await workingSender.send(message);
      },
    };
    const outbox = createAuditOutbox({ directory, sender: failingSecond });
    for (const message of messages) {
      await outbox.enqueue(message);
    }
    expect(await outbox.flush()).toMatchObject({ sent: 1, pending: 2 });
    expect((await readdir(directory)).sort()).toEqual([messages[1]!, messages[2]!].map((message) => `${message.eventId}.json`).sort());
    expect(await outbox.flush()).toEqual({ sent: 2, pending: 0, corrupt: [] });
    for (const message of messages) {
      await receiveEvent(working.clients.sqs, queueUrlOf(working), message.eventId);
    }
  });

  it('serialises concurrent flushes so no event is sent twice', async () => {
    const { sender, calls } = recording(workingSender);
    const outbox = createAuditOutbox({ directory, sender });
    const messages = [auditEvent(), auditEvent(), auditEvent()];
    for (const message of messages) {
      await outbox.enqueue(message);
    }
    const results = await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);
    expect(results.reduce((total, result) => total + result.sent, 0)).toBe(3);
    expect(results.every((result) => result.pending === 0)).toBe(true);
    expect(calls).toHaveLength(3);
    expect(new Set(calls).size).toBe(3);
    for (const message of messages) {
      await receiveEvent(working.clients.sqs, queueUrlOf(working), message.eventId);
    }
  });

  it('deletes temporary leftovers older than a minute and leaves young ones alone', async () => {
    const outbox = createAuditOutbox({ directory, sender: workingSender });
    const message = auditEvent();
    await outbox.enqueue(message);
    const stale = path.join(directory, `${randomUUID()}.json.0a1b.tmp`);
    const young = path.join(directory, `${randomUUID()}.json.2c3d.tmp`);
    await writeFile(stale, '{"eventId":');
    await writeFile(young, '{"eventId":');
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await utimes(stale, twoMinutesAgo, twoMinutesAgo);

    expect(await outbox.pendingCount()).toBe(1);
    expect(await outbox.flush()).toEqual({ sent: 1, pending: 0, corrupt: [] });
    expect(await readdir(directory)).toEqual([path.basename(young)]);
    await receiveEvent(working.clients.sqs, queueUrlOf(working), message.eventId);
  });

  it('keeps one file per event id and refuses ids that are not safe file names', async () => {
    const outbox = createAuditOutbox({ directory, sender: workingSender });
    const message = auditEvent();
    await outbox.enqueue(message);
    await outbox.enqueue(message);
    expect(await outbox.pendingCount()).toBe(1);
    await expect(outbox.enqueue({ eventId: '../escape' })).rejects.toThrow(TypeError);
    await expect(outbox.enqueue({ eventId: '' })).rejects.toThrow(TypeError);
    expect(await readdir(directory)).toEqual([`${message.eventId}.json`]);
    await outbox.flush();
    await receiveEvent(working.clients.sqs, queueUrlOf(working), message.eventId);
  });
});
