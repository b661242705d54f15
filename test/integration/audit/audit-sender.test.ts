import { randomUUID } from 'node:crypto';
import { TOOL_PERSON } from '../../../main/sandbox/identity/tool-gate.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadAuditMessage } from '../../../main/audit/audit-messages.js';
import { AUDIT_UNAVAILABLE_MESSAGE, AuditRefusedError, AuditUnavailableError } from '../../../main/audit/audit-errors.js';
import { createAuditSender } from '../../../main/audit/audit-sender.js';
import type { Backend } from '../../../main/setup/backend.js';
import { createOwnAuditQueue, queueUrlOf, receiveEvent } from '../../support/audit-queue.js';
import { openSandboxBackend } from '../../support/sandbox-backend.js';
import { createSizedQueue } from './support/sized-queue.js';

const ACTOR = { person: TOOL_PERSON, principal: 'sandbox-user', osUser: 'tester', hostName: 'test-host', app: { name: 'Document Store Desktop', version: '0.0.0-test' } };
const TINY_DELAYS = [1, 1, 1];

function auditEvent(eventId = randomUUID()) {
  return downloadAuditMessage({
    actor: ACTOR,
    correlationId: randomUUID(),
    nhsNumber: '9990000018',
    files: [{ id: 'doc-1', fileName: 'Discharge summary.pdf', fileType: 'application/pdf' }],
    now: new Date(),
    eventId,
  });
}

describe('audit sender against the sandbox queue', () => {
  let backend: Backend;
  let queue: Awaited<ReturnType<typeof createOwnAuditQueue>>;

  beforeAll(async () => {
    queue = await createOwnAuditQueue();
    backend = await openSandboxBackend({ DOCSTORE_AUDIT_QUEUE_URL: queue.url });
  });
  afterAll(async () => {
    await backend.close();
    await queue.remove();
  });

  it('sends the message as the JSON body with the event id as an attribute', async () => {
    const message = auditEvent();
    const sender = createAuditSender({ sqs: backend.clients.sqs, queue: backend.config.auditQueue, retryDelaysMs: TINY_DELAYS });
    await sender.send(message);
    const received = await receiveEvent(backend.clients.sqs, queueUrlOf(backend), message.eventId);
    expect(received.body).toEqual(message);
    expect(received.attribute).toBe(message.eventId);
  });

  it('resolves a queue configured by name with GetQueueUrl, once', async () => {
    const url = queueUrlOf(backend);
    const name = url.split('/').at(-1) ?? '';
    let lookups = 0;
    backend.clients.sqs.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'GetQueueUrlCommand') {
          lookups += 1;
        }
        return next(args);
      },
      { step: 'initialize', name: 'countQueueUrlLookups' },
    );
    const sender = createAuditSender({ sqs: backend.clients.sqs, queue: { name }, retryDelaysMs: TINY_DELAYS });
    const first = auditEvent();
    const second = auditEvent();
    await sender.send(first);
    await sender.send(second);
    expect(lookups).toBe(1);
    expect((await receiveEvent(backend.clients.sqs, url, first.eventId)).body).toEqual(first);
    expect((await receiveEvent(backend.clients.sqs, url, second.eventId)).body).toEqual(second);
  });

  it('refuses at once, without retrying, when the named queue does not exist', async () => {
    const sender = createAuditSender({ sqs: backend.clients.sqs, queue: { name: 'no-such-audit-queue' }, retryDelaysMs: [60_000] });
    const started = Date.now();
    const error: unknown = await sender.send(auditEvent()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuditRefusedError);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((error as AuditRefusedError).detail).toMatch(/not found/);
  });

  it('sends many events in batches, each as its own message with its event id', async () => {
    const messages = Array.from({ length: 23 }, () => auditEvent());
    const sender = createAuditSender({ sqs: backend.clients.sqs, queue: backend.config.auditQueue, retryDelaysMs: TINY_DELAYS });
    await sender.sendAll(messages);
    for (const message of messages) {
      const received = await receiveEvent(backend.clients.sqs, queueUrlOf(backend), message.eventId);
      expect(received.body).toEqual(message);
      expect(received.attribute).toBe(message.eventId);
    }
  });

  it("reads the queue's MaximumMessageSize", async () => {
    const small = await createSizedQueue(backend, 4_096);
    try {
      const sender = createAuditSender({ sqs: backend.clients.sqs, queue: { url: small.url }, retryDelaysMs: TINY_DELAYS });
      expect(await sender.maximumMessageBytes()).toBe(4_096);
    } finally {
      await small.remove();
    }
  });

  it('assumes 262,144 bytes when the queue cannot be read', async () => {
    const sender = createAuditSender({ sqs: backend.clients.sqs, queue: { name: 'no-such-audit-queue' }, retryDelaysMs: TINY_DELAYS });
    expect(await sender.maximumMessageBytes()).toBe(262_144);
  });

  it('stops when cancelled, with the abort error rather than an audit failure', async () => {
    const sender = createAuditSender({ sqs: backend.clients.sqs, queue: backend.config.auditQueue });
    const controller = new AbortController();
    controller.abort();
    await expect(sender.send(auditEvent(), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('audit sender with the queue endpoint unreachable', () => {
  let backend: Backend;

  beforeAll(async () => {
    backend = await openSandboxBackend({ AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9' });
  });
  afterAll(async () => {
    await backend.close();
  });

  it('lets the SQS client retry (three attempts in all, not multiplied by a loop of ours), then throws AuditUnavailableError with the practice-user message', async () => {
    let attempts = 0;
    // Below the client's retry middleware: every attempt it makes passes here.
    backend.clients.sqs.middlewareStack.add(
      (next) => (args) => {
        attempts += 1;
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'countAuditAttempts' },
    );
    const sender = createAuditSender({ sqs: backend.clients.sqs, queue: backend.config.auditQueue, retryDelaysMs: TINY_DELAYS });
    const error: unknown = await sender.send(auditEvent()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuditUnavailableError);
    const audit = error as AuditUnavailableError;
    expect(audit.code).toBe('audit-unavailable');
    expect(audit.message).toBe(AUDIT_UNAVAILABLE_MESSAGE);
    expect(audit.message).toBe('The audit service could not record this download, so nothing was saved. Check your connection and try again.');
    expect(audit.detail).toMatch(/Cannot reach SQS/);
    expect(attempts).toBe(3);
  });

  it('stops waiting to retry when cancelled, with the abort error rather than an audit failure', async () => {
    const sender = createAuditSender({ sqs: backend.clients.sqs, queue: backend.config.auditQueue, retryDelaysMs: [60_000] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    const started = Date.now();
    await expect(sender.send(auditEvent(), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('also fails with AuditUnavailableError when the queue is named and cannot be resolved', async () => {
    const sender = createAuditSender({ sqs: backend.clients.sqs, queue: { name: 'sandbox-sensitive-audit' }, retryDelaysMs: [1] });
    await expect(sender.send(auditEvent())).rejects.toBeInstanceOf(AuditUnavailableError);
  });
});
