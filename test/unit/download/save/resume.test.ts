import fs from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { saveToFolder } from '../../../../main/download/save/save-to-folder.js';
import { STALLED_MESSAGE } from '../../../../main/reliability/retryable.js';
import { BODY, BODY_SHA256, ETAG, FILE_NAME, saveError, useSaveFixture } from './save-fixture.js';

const save = useSaveFixture();

describe('resuming the download', () => {
  it('resumes with a Range request after the connection drops, hashing each byte once', async () => {
    save.knobs = { cutFirstAfterBytes: 1_234_567 };

    const saved = await saveToFolder(save.request());

    expect(saved.sha256).toBe(BODY_SHA256);
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
    expect(save.seen).toHaveLength(2);
    const resumed = save.seen[1]!;
    expect(resumed.range).toMatch(/^bytes=[1-9]\d*-$/u);
    expect(resumed.ifMatch).toBe(ETAG);
    expect(await save.folderEntries()).toEqual([FILE_NAME]);
  });

  it('keeps resuming past five drops while each brings new bytes', async () => {
    save.knobs = { cutEachAfterBytes: 600 * 1024 };

    const saved = await saveToFolder(save.request());

    expect(save.seen.length).toBeGreaterThan(5);
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
  });

  it('starts again from zero when the server ignores the Range header', async () => {
    save.knobs = { cutFirstAfterBytes: 1_000_000, ignoreRange: true };

    const saved = await saveToFolder(save.request());

    expect(save.seen[1]?.range).toMatch(/^bytes=\d+-$/u);
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
    expect(saved.sha256).toBe(BODY_SHA256);
  });

  it('ends the save as stalled when the connection goes silent past the no-byte deadline, leaving nothing', async () => {
    save.knobs = { stallFirstAfterBytes: 500_000 };

    const error = await saveError(saveToFolder(save.request({ idleTimeoutMs: 200 })));

    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(STALLED_MESSAGE);
    // A stall is not retried: a retry could only begin after the deadline and spend another one.
    expect(save.seen).toHaveLength(1);
    expect(await save.folderEntries()).toEqual([]);
  });

  it('ends the save as stalled when the endpoint accepts the connection and never answers', async () => {
    save.knobs = { silent: true };

    const error = await saveError(saveToFolder(save.request({ idleTimeoutMs: 200 })));

    expect(error.code).toBe('unreachable');
    expect(save.seen).toHaveLength(1);
  });

  it('starts again from zero when a resume finds the object changed (412)', async () => {
    save.knobs = { cutFirstAfterBytes: 1_000_000, refuseFirstIfMatch: true };

    const saved = await saveToFolder(save.request());

    expect(save.seen.map((seen) => seen.range)).toEqual([undefined, expect.stringMatching(/^bytes=[1-9]\d*-$/u), undefined]);
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
    expect(saved.sha256).toBe(BODY_SHA256);
  });

  it('asks for a fresh URL when the current one is rejected as expired', async () => {
    save.knobs = { forbidUrlsContaining: 'sig=expired' };
    const refreshUrl = vi.fn(() => Promise.resolve(`${save.baseUrl}/record.zip?sig=fresh`));

    const saved = await saveToFolder(save.request({ url: `${save.baseUrl}/record.zip?sig=expired`, refreshUrl }));

    expect(refreshUrl).toHaveBeenCalledTimes(1);
    expect(save.seen.map((seen) => seen.url)).toEqual(['/record.zip?sig=expired', '/record.zip?sig=fresh']);
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
  });

  it('re-signs a URL whose signing credentials expired (400 ExpiredToken), with the sign-in’s current ones', async () => {
    save.knobs = { expiredCredentialsInUrlsContaining: 'sig=old-credentials' };
    const refreshUrl = vi.fn(() => Promise.resolve(`${save.baseUrl}/record.zip?sig=fresh`));

    const saved = await saveToFolder(save.request({ url: `${save.baseUrl}/record.zip?sig=old-credentials`, refreshUrl }));

    expect(refreshUrl).toHaveBeenCalledTimes(1);
    expect((await fs.readFile(saved.path)).equals(BODY)).toBe(true);
  });

  it('treats another 400 as a failed download, without re-signing', async () => {
    save.knobs = { badRequest: true };
    const refreshUrl = vi.fn(() => Promise.resolve(`${save.baseUrl}/record.zip?sig=fresh`));

    const error = await saveError(saveToFolder(save.request({ refreshUrl })));

    expect(error.code).toBe('download-failed');
    expect(error.message).toContain('400');
    expect(refreshUrl).not.toHaveBeenCalled();
    expect(await save.folderEntries()).toEqual([]);
  });

  it('re-signs an expired URL once: a fresh URL refused as well is a permission error', async () => {
    save.knobs = { forbidUrlsContaining: 'sig=' };
    const refreshUrl = vi.fn(() => Promise.resolve(`${save.baseUrl}/record.zip?sig=fresh`));

    const error = await saveError(saveToFolder(save.request({ refreshUrl })));

    expect(error.code).toBe('access-denied');
    expect(error.message).toMatch(/permissions/u);
    expect(refreshUrl).toHaveBeenCalledTimes(1);
    expect(save.seen).toHaveLength(2);
    expect(await save.folderEntries()).toEqual([]);
  });

  it('treats a 403 that is not an expiry as a permission error, without re-signing or retrying', async () => {
    save.knobs = { denyAccess: true };
    const refreshUrl = vi.fn(() => Promise.resolve(`${save.baseUrl}/record.zip?sig=fresh`));

    const error = await saveError(saveToFolder(save.request({ refreshUrl })));

    expect(error.code).toBe('access-denied');
    expect(refreshUrl).not.toHaveBeenCalled();
    expect(save.seen).toHaveLength(1);
  });

  it('cancels while waiting to retry', async () => {
    save.knobs = { alwaysStatus: 503 };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    const error = await saveError(saveToFolder(save.request({ signal: controller.signal, retryDelayMs: 60_000 })));

    expect(error.code).toBe('cancelled');
    expect(await save.folderEntries()).toEqual([]);
  });

  it('fails with download-failed after five tries when the server keeps failing, leaving no partial file', async () => {
    save.knobs = { alwaysStatus: 503 };

    const error = await saveError(saveToFolder(save.request()));

    expect(error.code).toBe('download-failed');
    expect(error.message).not.toMatch(/\bat\s/u);
    expect(save.seen).toHaveLength(5);
    expect(await save.folderEntries()).toEqual([]);
  });

  it('does not retry an answer that retrying cannot fix', async () => {
    save.knobs = { alwaysStatus: 404 };

    const error = await saveError(saveToFolder(save.request()));

    expect(error.code).toBe('download-failed');
    expect(error.message).toContain('404');
    expect(save.seen).toHaveLength(1);
    expect(await save.folderEntries()).toEqual([]);
  });
});
