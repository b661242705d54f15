import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../main/setup/backend.js';
import { queryDocuments } from '../../../main/search/query-documents.js';
import { searchDocuments } from '../../../main/search/search-documents.js';
import { virusScanResultOf } from '../../../common/fhir.js';
import { openSandboxBackend } from '../../support/sandbox-backend.js';

const LARGE = '9990000034';
const MIXED = '9990000042';
const OLDER_ROWS = '9990000050';
const EMPTY = '9990000069';

describe('search against the sandbox', () => {
  let backend: Backend;
  const search = (nhsNumber: string, options = {}) =>
    searchDocuments({ dynamo: backend.clients.dynamo, metadataTable: backend.config.metadataTable }, nhsNumber, options);

  beforeAll(async () => {
    backend = await openSandboxBackend();
  });
  afterAll(async () => {
    await backend.close();
  });

  it('reads a 1,500-document record in one round trip and lists the 1,470 not deleted, newest first', async () => {
    const progress: Array<{ pagesRead: number; itemsRead: number }> = [];
    const result = await search(LARGE, { onProgress: (step: { pagesRead: number; itemsRead: number }) => progress.push(step) });
    expect(result.ok).toBe(true);
    if (!result.ok) {return;}
    expect(result.value.total).toBe(1_470);
    expect(result.value.entry).toHaveLength(1_470);
    expect(progress).toEqual([{ pagesRead: 1, itemsRead: 1_470 }]);
    const dates = (result.value.entry ?? []).map((entry) => Date.parse(entry.resource.date ?? ''));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(result.value.entry?.[0]?.resource.description).toBe('Continuation sheet 0001.pdf');
  });

  it('leaves out deleted and unfinished uploads but keeps non-Clean documents, marked', async () => {
    const result = await search(MIXED);
    if (!result.ok) {throw new Error(result.error.message);}
    const names = (result.value.entry ?? []).map((entry) => entry.resource.description);
    expect(names).not.toContain('Deleted consent form.pdf');
    expect(names).not.toContain('Upload still in progress.pdf');
    expect(names).not.toContain('Upload never confirmed.pdf');
    const scans = Object.fromEntries((result.value.entry ?? []).map((entry) => [entry.resource.description, virusScanResultOf(entry.resource)]));
    expect(scans).toEqual({
      'Clinic letter.pdf': 'Clean',
      'Wound photo.png': 'Clean',
      'Lost in storage.pdf': 'Clean',
      'Infected attachment.pdf': 'Infected',
      'Awaiting scan.pdf': 'Not Scanned',
      'Suspicious macro.pdf': 'Suspicious',
      'Scanner error.jpeg': 'Error',
      'Encrypted archive.pdf': 'Unscannable',
      'Never scanned.pdf': 'Not Scanned',
    });
  });

  it('tolerates rows missing optional attributes', async () => {
    const result = await search(OLDER_ROWS);
    if (!result.ok) {throw new Error(result.error.message);}
    expect(result.value.total).toBe(6);
    const bare = result.value.entry?.find((entry) => entry.resource.description === 'Bare minimum.pdf')?.resource;
    expect(bare?.content[0].attachment).toEqual({ title: 'Bare minimum.pdf' });
    expect(bare?.date).toBeUndefined();
    expect(bare?.type).toBeUndefined();
  });

  it('returns an empty Bundle for a patient with no documents', async () => {
    const result = await search(EMPTY);
    expect(result).toMatchObject({ ok: true, value: { resourceType: 'Bundle', type: 'searchset', total: 0 } });
    expect(result.ok && result.value.entry).toBeUndefined();
  });

  it('rejects an invalid NHS number before reaching DynamoDB', async () => {
    const result = await search('999 000 0019');
    expect(result).toEqual({ ok: false, error: { code: 'invalid-nhs-number', message: expect.stringContaining('check digit') } });
  });

  it('stops when cancelled while DynamoDB is answering', async () => {
    const controller = new AbortController();
    const searching = search(LARGE, { signal: controller.signal });
    controller.abort();
    expect(await searching).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('reads deleted and unfinished rows too when asked for every row (download uses this)', async () => {
    const rows = await queryDocuments(backend.clients.dynamo, {
      table: backend.config.metadataTable,
      nhsNumber: MIXED,
      listedOnly: false,
    });
    expect(rows).toHaveLength(12);
  });
});

describe('search with the endpoint unreachable', () => {
  let closedPort: number;

  beforeAll(async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closedPort = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
  });

  it('says which endpoint could not be reached', async () => {
    const endpoint = `http://127.0.0.1:${closedPort}`;
    const backend = await openSandboxBackend({ AWS_ENDPOINT_URL_DYNAMODB: endpoint });
    try {
      const result = await searchDocuments(
        { dynamo: backend.clients.dynamo, metadataTable: backend.config.metadataTable, endpoint },
        '9990000018',
      );
      expect(result).toEqual({
        ok: false,
        error: { code: 'unreachable', message: expect.stringContaining(endpoint) },
      });
    } finally {
      await backend.close();
    }
  });
});
