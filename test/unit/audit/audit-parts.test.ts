import { describe, expect, it } from 'vitest';
import { TOOL_PERSON } from '../../../main/sandbox/identity/tool-gate.js';
import { multiByteName } from './support/multi-byte-name.js';
import { type AuditActor, type DownloadAuditMessage, downloadAuditMessage } from '../../../main/audit/audit-messages.js';
import { DEFAULT_MAXIMUM_MESSAGE_BYTES, type DownloadAuditPart, partBudgetBytes, splitDownloadAudit } from '../../../main/audit/audit-parts.js';
import { wireMessageOf, wireSizeBytes } from '../../../main/audit/audit-wire.js';

const ACTOR: AuditActor = {
  person: TOOL_PERSON,
  principal: 'arn:aws:sts::123456789012:assumed-role/GPPractice/jane.smith',
  osUser: 'jsmith',
  hostName: 'PRACTICE-PC-07',
  app: { name: 'Document Store Desktop', version: '0.1.0' },
};
const EVENT_ID = '0b6f1c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e';


function downloadOf(count: number): DownloadAuditMessage {
  return downloadAuditMessage({
    actor: ACTOR,
    correlationId: '7c0e4b2a-9f1d-4e3c-b5a6-1d2e3f4a5b6c',
    nhsNumber: '9990000018',
    now: new Date('2024-07-01T12:34:56.789Z'),
    eventId: EVENT_ID,
    files: Array.from({ length: count }, (_, index) => ({
      id: `${String(index).padStart(8, '0')}-2d3a-4b5c-8d9e-0f1a2b3c4d5e`,
      fileName: multiByteName(index),
      fileType: 'application/pdf',
    })),
  });
}

function partsOf(message: DownloadAuditMessage, limit: number): readonly DownloadAuditPart[] {
  const split = splitDownloadAudit(message, limit);
  if (!split.ok) {
    throw new Error(split.error.message);
  }
  return split.value;
}

describe('splitDownloadAudit', () => {
  it('uses names whose UTF-8 bytes outnumber their characters', () => {
    const name = multiByteName(7);
    expect(Array.from(name)).toHaveLength(150);
    expect(Buffer.byteLength(name, 'utf8')).toBeGreaterThan(name.length + 30);
  });

  describe('5,000 documents with 150-character multi-byte names on a 262,144-byte queue', () => {
    const message = downloadOf(5_000);
    const parts = partsOf(message, DEFAULT_MAXIMUM_MESSAGE_BYTES);

    it('needs several parts, since the whole would be far over the limit', () => {
      expect(wireSizeBytes(wireMessageOf(message))).toBeGreaterThan(4 * DEFAULT_MAXIMUM_MESSAGE_BYTES);
      expect(parts.length).toBeGreaterThan(4);
    });

    it('keeps every part, body and attributes in UTF-8 bytes, within the limit less the margin', () => {
      for (const part of parts) {
        expect(wireSizeBytes(wireMessageOf(part))).toBeLessThanOrEqual(partBudgetBytes(DEFAULT_MAXIMUM_MESSAGE_BYTES));
      }
      expect(partBudgetBytes(DEFAULT_MAXIMUM_MESSAGE_BYTES)).toBeLessThan(DEFAULT_MAXIMUM_MESSAGE_BYTES);
    });

    it('fills parts rather than sending many small ones', () => {
      const sizes = parts.slice(0, -1).map((part) => wireSizeBytes(wireMessageOf(part)));
      expect(Math.min(...sizes)).toBeGreaterThan(partBudgetBytes(DEFAULT_MAXIMUM_MESSAGE_BYTES) - 1_000);
    });

    it('lists every document exactly once, in the original order', () => {
      expect(parts.flatMap((part) => part.fileMetadataList)).toEqual(message.fileMetadataList);
    });

    it('numbers the parts, shares the correlation id and the event id prefix, and keeps the original fields', () => {
      const { fileMetadataList: _all, eventId: _id, ...shared } = message;
      parts.forEach((part, index) => {
        expect(part).toMatchObject({ ...shared, part: index + 1, parts: parts.length });
        expect(part.eventId).toBe(`${EVENT_ID}-${index + 1}-of-${parts.length}`);
      });
      expect(new Set(parts.map((part) => part.eventId)).size).toBe(parts.length);
    });
  });

  it('sends a small record as one part holding the whole list', () => {
    const message = downloadOf(12);
    const parts = partsOf(message, DEFAULT_MAXIMUM_MESSAGE_BYTES);
    expect(parts).toEqual([{ ...message, eventId: `${EVENT_ID}-1-of-1`, part: 1, parts: 1 }]);
  });

  it('sends a download with no documents as one part with an empty list', () => {
    expect(partsOf(downloadOf(0), DEFAULT_MAXIMUM_MESSAGE_BYTES)).toMatchObject([{ fileMetadataList: [], part: 1, parts: 1 }]);
  });

  it('uses fewer, larger parts on a queue that allows more', () => {
    const message = downloadOf(5_000);
    const large = partsOf(message, 1_048_576);
    expect(large.length).toBeLessThan(partsOf(message, DEFAULT_MAXIMUM_MESSAGE_BYTES).length);
    for (const part of large) {
      expect(wireSizeBytes(wireMessageOf(part))).toBeLessThanOrEqual(1_048_576);
    }
  });

  it('fits the smallest queue AWS allows, a document or two to a part', () => {
    const message = downloadOf(30);
    const parts = partsOf(message, 2_048);
    for (const part of parts) {
      expect(wireSizeBytes(wireMessageOf(part))).toBeLessThanOrEqual(2_048);
    }
    expect(parts.flatMap((part) => part.fileMetadataList)).toEqual(message.fileMetadataList);
  });

  it('says so when even one document cannot fit the queue', () => {
    const message = downloadOf(3);
    const longName = { ...message, fileMetadataList: [{ id: 'doc-1', fileName: multiByteName(1).repeat(4), fileType: 'application/pdf' }] };
    const split = splitDownloadAudit(longName, 1_024);
    expect(split).toMatchObject({ ok: false, error: { code: 'document-too-large' } });
  });
});
