import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalFolder } from '../../../main/jobs/job-journal.js';
import { setUp, setupArchive, setupConfig, setupLogger } from '../../../main/setup/setup.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'setup-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

// Endpoints named: nothing is started, and nothing is reached until a request is made.
const PROD = {
  DOCSTORE_ENV: 'prod',
  DOCSTORE_ZIP_BUCKET: 'prod-zip',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_ENDPOINT_URL_DYNAMODB: 'https://127.0.0.1:9',
  AWS_ENDPOINT_URL_S3: 'https://127.0.0.1:9',
  AWS_ENDPOINT_URL_SQS: 'https://127.0.0.1:9',
};

describe('setupConfig', () => {
  it('uses the front\'s data folder only when DOCSTORE_DATA_DIR is not set', async () => {
    expect((await setupConfig({ env: {}, defaultDataDir: '/var/app-data' })).env.DOCSTORE_DATA_DIR).toBe('/var/app-data');
    expect((await setupConfig({ env: { DOCSTORE_DATA_DIR: '/srv/mine' }, defaultDataDir: '/var/app-data' })).env.DOCSTORE_DATA_DIR).toBe('/srv/mine');
  });

  it('writes the policy over the variables, and reports an unusable policy instead of ignoring it', async () => {
    const policy = join(folder, 'policy.json');
    await writeFile(policy, JSON.stringify({ archiveRetentionDays: 30 }));
    const applied = await setupConfig({ env: { DOCSTORE_POLICY_FILE: policy, DOCSTORE_ARCHIVE_RETENTION_DAYS: '7' } });
    expect(applied.problem).toBeUndefined();
    expect(applied.effectiveEnv.DOCSTORE_ARCHIVE_RETENTION_DAYS).toBe('30');

    await writeFile(policy, '{ not json');
    expect((await setupConfig({ env: { DOCSTORE_POLICY_FILE: policy } })).problem).toContain(policy);
  });

  it('ignores DOCSTORE_POLICY_FILE where the front forbids it (a packaged app)', async () => {
    const policy = join(folder, 'policy.json');
    await writeFile(policy, '{ not json');
    expect((await setupConfig({ env: { DOCSTORE_POLICY_FILE: policy }, allowPolicyPathOverride: false, platform: 'linux' })).problem).toBeUndefined();
  });
});

describe('setupLogger and setupArchive', () => {
  it('logs into the data folder, and stays silent while the data folder is not valid', async () => {
    const logger = setupLogger(await setupConfig({ env: { DOCSTORE_DATA_DIR: folder } }));
    logger.info('app.start');
    expect(await readFile(join(folder, 'logs', 'document-store.log'), 'utf8')).toContain('"event":"app.start"');
    expect(setupLogger(await setupConfig({ env: { DOCSTORE_DATA_DIR: 'relative/folder' } })).file).toBeUndefined();
  });

  it('masks paths in the policy\'s save folder, wherever it is', async () => {
    const policy = join(folder, 'policy.json');
    await writeFile(policy, JSON.stringify({ saveFolder: { path: '/srv/practice-records', locked: true } }));
    const logger = setupLogger(await setupConfig({ env: { DOCSTORE_DATA_DIR: folder, DOCSTORE_POLICY_FILE: policy } }));
    logger.info('download.start', { folder: '/srv/practice-records/Smith' });
    const text = await readFile(join(folder, 'logs', 'document-store.log'), 'utf8');
    expect(text).toContain('download.start');
    expect(text).not.toContain('practice-records');
  });

  it('hands the policy\'s view limit to the archive', async () => {
    const policy = join(folder, 'policy.json');
    await writeFile(policy, JSON.stringify({ maxViewMegabytes: 10 }));
    const archive = setupArchive(await setupConfig({ env: { DOCSTORE_DATA_DIR: folder, DOCSTORE_POLICY_FILE: policy } }));
    expect(archive).toMatchObject({ ok: true, value: { maxViewBytes: 10 * 1024 * 1024 } });
  });

  it('names the variable when the archive settings are not valid', async () => {
    const archive = setupArchive(await setupConfig({ env: { DOCSTORE_DATA_DIR: folder, DOCSTORE_ARCHIVE_RETENTION_DAYS: 'soon' } }));
    expect(archive).toMatchObject({ ok: false, error: { code: 'invalid-config', message: expect.stringContaining('DOCSTORE_ARCHIVE_RETENTION_DAYS') } });
  });
});

describe('setUp', () => {
  it('builds the backend from the configured endpoints without starting the sandbox, and opens the archive on first use', async () => {
    const set = await setUp({ shell: 'cli', env: { ...PROD, DOCSTORE_DATA_DIR: folder } });
    if (!set.ok) {
      throw new Error(set.error.message);
    }
    try {
      expect(set.value.backend.builtInSandbox).toBe(false);
      expect(set.value.backend.config.endpoints.s3).toBe('https://127.0.0.1:9');
      const archive = set.value.openArchive();
      expect(set.value.archiveViewLimitBytes).toBeUndefined();
      expect(archive.list()).toEqual([]);
      expect(set.value.openArchive()).toBe(archive);
    } finally {
      await set.value.close(1_000);
    }
  });

  it('sweeps what a crashed job\'s journal names before the services start', async () => {
    const saves = join(folder, 'saves');
    await mkdir(saves);
    const crashedPartial = join(saves, 'patient-record-9990000018.zip.partial');
    await writeFile(crashedPartial, 'half a ZIP');
    await writeFile(join(saves, 'patient-record-9990000026.zip.partial'), 'not named by the journal');
    await mkdir(journalFolder(folder));
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    const entry = { correlationId: 'crashed-job', pid: ended, host: hostname(), startedAt: new Date().toISOString(), partialPath: crashedPartial };
    await writeFile(join(journalFolder(folder), 'crashed-job.json'), JSON.stringify(entry));

    const set = await setUp({ shell: 'cli', env: { ...PROD, DOCSTORE_DATA_DIR: folder } });
    if (!set.ok) {
      throw new Error(set.error.message);
    }
    await set.value.close(1_000);

    expect(await readdir(saves)).toEqual(['patient-record-9990000026.zip.partial']);
    expect(await readdir(journalFolder(folder))).toEqual([]);
  });

  it('holds the backend to the policy: a policy that forbids the sandbox stops a computer with no environment', async () => {
    const policy = join(folder, 'policy.json');
    await writeFile(policy, JSON.stringify({ allowSandbox: false }));
    const set = await setUp({ shell: 'cli', env: { DOCSTORE_DATA_DIR: folder, DOCSTORE_POLICY_FILE: policy } });
    expect(set).toMatchObject({ ok: false, error: { code: 'invalid-config', message: expect.stringMatching(/sandbox/iu) } });
  });

  it('says a packaged app has not been set up when nothing configures it, and names where the policy goes', async () => {
    const set = await setUp({ shell: 'app', env: { DOCSTORE_DATA_DIR: folder }, sandboxShipped: false, platform: 'linux' });
    expect(set).toMatchObject({ ok: false, error: { message: expect.stringContaining('This app has not been set up by your organisation') } });
    expect(set.ok ? '' : set.error.message).toContain('/etc/document-store-desktop/policy.json');
  });

  it('does not go on past a policy file it cannot use', async () => {
    const policy = join(folder, 'policy.json');
    await writeFile(policy, '{ not json');
    const set = await setUp({ shell: 'cli', env: { ...PROD, DOCSTORE_DATA_DIR: folder, DOCSTORE_POLICY_FILE: policy } });
    expect(set).toMatchObject({ ok: false, error: { code: 'invalid-config', message: expect.stringContaining(policy) } });
  });

  it('fails with the configuration\'s own words and still hands back the log to record them', async () => {
    const set = await setUp({ shell: 'cli', env: { DOCSTORE_ENV: 'prod', DOCSTORE_DATA_DIR: folder } });
    expect(set).toMatchObject({ ok: false, error: { code: 'invalid-config', message: expect.stringContaining('DOCSTORE_ZIP_BUCKET') } });
    expect(set.ok ? undefined : set.error.logger.file).toBe(join(folder, 'logs', 'document-store.log'));
  });
});
