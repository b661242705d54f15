import { describe, expect, it } from 'vitest';
import { documentStore, settle } from '../../../../renderer/src/shared/document-store.js';
import { installFakeDocumentStore, ok } from '../support/fake-document-store.js';

describe('document store access', () => {
  it('is the bridge on window.documentStore', () => {
    const { api } = installFakeDocumentStore();
    expect(documentStore()).toBe(api);
  });

  it('passes a Result through as it came', async () => {
    expect(await settle(Promise.resolve(ok('listed')))).toEqual(ok('listed'));
  });

  it('turns a bridge call that rejects into a message for the user, never a stack', async () => {
    const result = await settle(Promise.reject(new Error('IPC channel closed')));
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toMatch(/^Something went wrong that the app did not expect/u);
  });
});
