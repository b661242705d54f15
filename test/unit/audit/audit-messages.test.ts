import { describe, expect, it } from 'vitest';
import { TOOL_PERSON } from '../../../main/sandbox/identity/tool-gate.js';

import {
  type AuditActor,
  downloadAuditMessage,
  savedAuditMessage,
  searchAuditMessage,
} from '../../../main/audit/audit-messages.js';

const NOW = new Date('2024-07-01T12:34:56.789Z');
const EVENT_ID = '0b6f1c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e';
const CORRELATION_ID = '7c0e4b2a-9f1d-4e3c-b5a6-1d2e3f4a5b6c';
const NHS_NUMBER = '9990000018';
const ACTOR: AuditActor = {
  person: TOOL_PERSON,
  principal: 'arn:aws:sts::123456789012:assumed-role/GPPractice/jane.smith',
  osUser: 'jsmith',
  hostName: 'PRACTICE-PC-07',
  app: { name: 'Document Store Desktop', version: '0.1.0' },
};
// The person comes first: who signed in, in which role, at which organisation, in which session.
const ACTOR_FIELDS = {
  userId: '555000000001',
  userName: 'Alex Morgan',
  roleCode: 'GP_ADMIN',
  userRoleId: '555000000001-1',
  odsCode: 'A81001',
  sessionId: TOOL_PERSON.sessionId,
  principal: ACTOR.principal,
  osUser: 'jsmith',
  hostName: 'PRACTICE-PC-07',
  appName: 'Document Store Desktop',
  appVersion: '0.1.0',
};
const COMMON = { actor: ACTOR, correlationId: CORRELATION_ID, nhsNumber: NHS_NUMBER, now: NOW, eventId: EVENT_ID };

// The original DownloadAllPatientRecordsAuditMessage fields, which the Splunk consumer reads.
const SEED_FIELDS = ['timestamp', 'correlationId', 'nhsNumber', 'fileMetadataList', 'description'];
const ADDED_FIELDS = ['eventId', 'userId', 'userName', 'roleCode', 'userRoleId', 'odsCode', 'sessionId', 'principal', 'osUser', 'hostName', 'appName', 'appVersion'];

describe('downloadAuditMessage', () => {
  const files = [
    { id: 'doc-1', fileName: 'Discharge summary.pdf', fileType: 'application/pdf', location: 's3://bucket/doc-1', size: 10 },
    { id: 'doc-2', fileName: 'scan.tiff', fileType: 'image/tiff' },
  ];

  it('has exactly the seed fields plus the event id and the actor', () => {
    const message = downloadAuditMessage({ ...COMMON, files });
    expect(Object.keys(message).sort()).toEqual([...SEED_FIELDS, ...ADDED_FIELDS].sort());
  });

  it('carries the values given, with the seed description and an ISO timestamp', () => {
    expect(downloadAuditMessage({ ...COMMON, files })).toEqual({
      timestamp: '2024-07-01T12:34:56.789Z',
      correlationId: CORRELATION_ID,
      nhsNumber: NHS_NUMBER,
      fileMetadataList: [
        { id: 'doc-1', fileName: 'Discharge summary.pdf', fileType: 'application/pdf' },
        { id: 'doc-2', fileName: 'scan.tiff', fileType: 'image/tiff' },
      ],
      description: 'Downloaded documents',
      eventId: EVENT_ID,
      ...ACTOR_FIELDS,
    });
  });

  it('lists only the files given, each with only id, fileName and fileType', () => {
    const message = downloadAuditMessage({ ...COMMON, files: files.slice(1) });
    expect(message.fileMetadataList).toEqual([{ id: 'doc-2', fileName: 'scan.tiff', fileType: 'image/tiff' }]);
    for (const entry of downloadAuditMessage({ ...COMMON, files }).fileMetadataList) {
      expect(Object.keys(entry).sort()).toEqual(['fileName', 'fileType', 'id']);
    }
  });

  it('gives an empty list for no files', () => {
    expect(downloadAuditMessage({ ...COMMON, files: [] }).fileMetadataList).toEqual([]);
  });

  it('survives a JSON round trip unchanged', () => {
    const message = downloadAuditMessage({ ...COMMON, files });
    expect(JSON.parse(JSON.stringify(message))).toEqual(message);
  });
});

describe('searchAuditMessage', () => {
  it('records a view of the document list with the result count', () => {
    expect(searchAuditMessage({ ...COMMON, resultCount: 12 })).toEqual({
      timestamp: '2024-07-01T12:34:56.789Z',
      correlationId: CORRELATION_ID,
      nhsNumber: NHS_NUMBER,
      resultCount: 12,
      description: 'Searched patient documents',
      eventId: EVENT_ID,
      ...ACTOR_FIELDS,
    });
  });
});

describe('savedAuditMessage', () => {
  const saved = { ...COMMON, sha256: 'a'.repeat(64), bytes: 1_048_576, documentCount: 3 };

  it('records what was delivered', () => {
    expect(savedAuditMessage(saved)).toEqual({
      timestamp: '2024-07-01T12:34:56.789Z',
      correlationId: CORRELATION_ID,
      nhsNumber: NHS_NUMBER,
      sha256: 'a'.repeat(64),
      bytes: 1_048_576,
      documentCount: 3,
      description: 'Saved documents',
      eventId: EVENT_ID,
      ...ACTOR_FIELDS,
    });
  });

  it('carries no local path or file name, even when the caller has them to hand', () => {
    const withExtras = { ...saved, path: 'C:\\Users\\jsmith\\Documents\\9990000018.zip', fileName: '9990000018.zip', files: [] };
    const message = savedAuditMessage(withExtras);
    expect(Object.keys(message).sort()).toEqual(
      ['timestamp', 'correlationId', 'nhsNumber', 'sha256', 'bytes', 'documentCount', 'description', ...ADDED_FIELDS].sort(),
    );
    const body = JSON.stringify(message);
    expect(body).not.toContain('.zip');
    expect(body).not.toContain('jsmith\\');
    expect(body).not.toMatch(/path|fileName|fileMetadata/i);
  });
});

describe('every message', () => {
  it('is deterministic for the same inputs', () => {
    expect(searchAuditMessage({ ...COMMON, resultCount: 0 })).toEqual(searchAuditMessage({ ...COMMON, resultCount: 0 }));
  });

  it('does not carry the nested actor object', () => {
    for (const message of [
      downloadAuditMessage({ ...COMMON, files: [] }),
      searchAuditMessage({ ...COMMON, resultCount: 0 }),
      savedAuditMessage({ ...COMMON, sha256: '0'.repeat(64), bytes: 1, documentCount: 1 }),
    ]) {
      expect(message).not.toHaveProperty('actor');
      expect(message).not.toHaveProperty('app');
    }
  });
});
