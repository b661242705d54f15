import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type DoctorProbes, MIN_FREE_BYTES } from '../../../main/cli/doctor/doctor-checks.js';
import { doctorSwitch, runDoctorSwitch } from '../../../main/cli/doctor/doctor-switch.js';

describe('doctorSwitch', () => {
  it('is not asked for on an ordinary start', () => {
    expect(doctorSwitch(['C:\\Program Files\\Document Store Desktop\\Document Store Desktop.exe'])).toBeUndefined();
    expect(doctorSwitch(['/usr/lib/electron', '.', '--doctors'])).toBeUndefined();
  });

  it('takes only the doctor’s own options from the app’s command line, wherever they are', () => {
    expect(doctorSwitch(['Document Store Desktop.exe', '--doctor'])).toEqual([]);
    expect(doctorSwitch(['electron', 'out/main/index.js', '--no-sandbox', '--doctor', '--json', '--folder', 'D:\\Records'])).toEqual(['--json', '--folder', 'D:\\Records']);
    expect(doctorSwitch(['Document Store Desktop', '--folder=/srv/records', '--settings', '--doctor', '--inspect=9229'])).toEqual(['--folder', '/srv/records', '--settings']);
  });
});

describe('runDoctorSwitch', () => {
  let dir: string;
  const probes: DoctorProbes = {
    reach: () => Promise.resolve({ ok: true, status: 403 }),
    fetchJson: () => Promise.resolve({ ok: false, message: 'not used' }),
    freeBytes: () => Promise.resolve(10 * MIN_FREE_BYTES),
    now: () => new Date('2026-12-03T10:00:00Z'),
  };

  function output() {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let text = '';
    stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    return { io: { stdout, stderr, signal: new AbortController().signal }, text: () => text };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docstore-doctor-switch-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the report and exits 0 when nothing is wrong, reading the settings as the app does', async () => {
    const out = output();
    const code = await runDoctorSwitch(['--folder', dir, '--settings'], { userData: join(dir, 'user-data'), packaged: true, env: {}, io: out.io, probes });
    expect(code).toBe(0);
    expect(out.text()).toMatch(/^OK {7}Policy: none/m);
    expect(out.text()).toContain('Managed settings (name is value [source: where]):');
    expect(out.text()).toContain('environment is not set (DOCSTORE_ENV, else "sandbox")');
    expect(out.text()).toContain('Everything checked is in order.');
  });

  it('exits 1 with the problem when the policy cannot be used; a packaged app ignores DOCSTORE_POLICY_FILE', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"allowSandbox": "no"}');
    const development = output();
    expect(await runDoctorSwitch([], { userData: dir, packaged: false, env: { DOCSTORE_POLICY_FILE: broken }, io: development.io, probes })).toBe(1);
    expect(development.text()).toMatch(/^PROBLEM {2}Policy: broken\.json: "allowSandbox" must be true or false/m);
    const packaged = output();
    expect(await runDoctorSwitch([], { userData: dir, packaged: true, env: { DOCSTORE_POLICY_FILE: broken }, io: packaged.io, probes })).toBe(0);
  });

  it('answers --json with the checks and the managed settings', async () => {
    const out = output();
    expect(await runDoctorSwitch(['--json'], { userData: dir, packaged: true, env: { DOCSTORE_ZIP_BUCKET: 'my-zip' }, io: out.io, probes })).toBe(0);
    const report = JSON.parse(out.text()) as { ok: boolean; managedSettings: { settings: Array<{ name: string; source: string }> } };
    expect(report.ok).toBe(true);
    expect(report.managedSettings.settings.find(({ name }) => name === 'zipBucket')).toMatchObject({ source: 'environment' });
  });
});
