import { describe, expect, it } from 'vitest';
import { loadArchiveSettings } from '../../../main/config/archive-settings.js';

describe('loadArchiveSettings', () => {
  it('needs no AWS setting at all', () => {
    expect(loadArchiveSettings({ DOCSTORE_DATA_DIR: '/srv/docstore' })).toEqual({ ok: true, value: { dataDir: '/srv/docstore', requiresSignIn: false } });
    expect(loadArchiveSettings({})).toMatchObject({ ok: true, value: { dataDir: expect.stringMatching(/document-store-desktop$/) } });
  });

  it('reads the retention period in whole days', () => {
    expect(loadArchiveSettings({ DOCSTORE_DATA_DIR: '/d', DOCSTORE_ARCHIVE_RETENTION_DAYS: '365' })).toEqual({ ok: true, value: { dataDir: '/d', retentionDays: 365, requiresSignIn: false } });
    for (const value of ['0', '1.5', '-3', 'forever']) {
      expect(loadArchiveSettings({ DOCSTORE_ARCHIVE_RETENTION_DAYS: value })).toMatchObject({ ok: false, error: { variable: 'DOCSTORE_ARCHIVE_RETENTION_DAYS' } });
    }
    expect(loadArchiveSettings({ DOCSTORE_DATA_DIR: 'relative' })).toMatchObject({ ok: false, error: { variable: 'DOCSTORE_DATA_DIR' } });
  });

  it('keeps the archive open offline unless the organisation says it is for people signed in', () => {
    expect(loadArchiveSettings({ DOCSTORE_DATA_DIR: '/d', DOCSTORE_ARCHIVE_REQUIRES_SIGN_IN: 'true' })).toMatchObject({ ok: true, value: { requiresSignIn: true } });
    expect(loadArchiveSettings({ DOCSTORE_DATA_DIR: '/d', DOCSTORE_ARCHIVE_REQUIRES_SIGN_IN: 'false' })).toMatchObject({ ok: true, value: { requiresSignIn: false } });
    expect(loadArchiveSettings({ DOCSTORE_ARCHIVE_REQUIRES_SIGN_IN: 'yes' })).toMatchObject({
      ok: false,
      error: { variable: 'DOCSTORE_ARCHIVE_REQUIRES_SIGN_IN', message: expect.stringContaining('use true or false') },
    });
  });

  it('reads the largest document shown in the app, in whole megabytes', () => {
    expect(loadArchiveSettings({ DOCSTORE_DATA_DIR: '/d', DOCSTORE_MAX_VIEW_MB: '20' })).toEqual({ ok: true, value: { dataDir: '/d', maxViewBytes: 20 * 1024 * 1024, requiresSignIn: false } });
    for (const value of ['0', '2049', '12.5', 'big']) {
      expect(loadArchiveSettings({ DOCSTORE_MAX_VIEW_MB: value })).toMatchObject({
        ok: false,
        error: { variable: 'DOCSTORE_MAX_VIEW_MB', message: expect.stringContaining(`"${value}"`) },
      });
    }
  });
});
