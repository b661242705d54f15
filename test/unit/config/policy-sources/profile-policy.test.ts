import { describe, expect, it } from 'vitest';

import { exampleValues } from '../../../../main/cli/policy/mobileconfig.js';
import { policySettings } from '../../../../main/cli/policy/policy-settings.js';
import { managedPreferenceFiles, type PlistJson, profileSettings, readProfilePolicy } from '../../../../main/config/policy-sources/profile-policy.js';

const MACHINE = '/Library/Managed Preferences/uk.nhs.documentstore.desktop.plist';
const USER = '/Library/Managed Preferences/alice/uk.nhs.documentstore.desktop.plist';

/** What `plutil -convert json -o - <file>` prints for each file; a file not listed does not exist. */
function plutil(files: Readonly<Record<string, unknown>>) {
  const asked: string[] = [];
  const convert = (file: string): Promise<PlistJson> => {
    asked.push(file);
    const found = files[file];
    if (found === undefined) {
      return Promise.resolve({ kind: 'absent' });
    }
    const given = found as { kind?: string };
    return Promise.resolve(given.kind === 'failed' ? (found as PlistJson) : { kind: 'json', text: JSON.stringify(found) });
  };
  return { asked, convert };
}

describe('the configuration profile reader', () => {
  it('reads the machine-wide managed preferences, then the user’s, for the app’s bundle identifier', async () => {
    expect(managedPreferenceFiles('alice')).toEqual([MACHINE, USER]);
    const fake = plutil({});
    expect(await readProfilePolicy(fake.convert, 'alice')).toEqual({ ok: true, value: { channel: 'profile', settings: [] } });
    expect(fake.asked).toEqual([MACHINE, USER]);
  });

  it('accepts every setting of the generated .mobileconfig example, nested as the profile nests it', () => {
    const example = exampleValues(policySettings());
    const settings = profileSettings({ ...example, PayloadUUID: 'C4A7D2F0-8E1B-4B3A-A9C5-3D6E7F8091A2' }, MACHINE);
    expect(settings.filter((setting) => setting.error !== undefined)).toEqual([]);
    expect(settings.map(({ field }) => field)).toContain('saveFolder.path');
    expect(settings.find(({ field }) => field === 'allowSandbox')).toEqual({ field: 'allowSandbox', value: false, location: MACHINE });
  });

  it('gives a value of the wrong kind or an unknown key its own error', () => {
    const settings = profileSettings(
      { environment: 'prod', traceTtlDays: '90', allowSandbox: 1, saveFolder: 'D:\\Records', endpoints: { s3: 'https://s3.example', dynamo: 'x' }, allowSandBox: true },
      MACHINE,
    );
    const byField = new Map(settings.map((setting) => [setting.field, setting]));
    expect(byField.get('environment')).toEqual({ field: 'environment', value: 'prod', location: MACHINE });
    expect(byField.get('traceTtlDays')?.error).toBe('must be <integer> in the profile, not a string');
    expect(byField.get('allowSandbox')?.error).toBe('must be <true/> or <false/> in the profile, not a whole number');
    expect(byField.get('saveFolder')?.error).toBe('must be a dictionary of its settings');
    expect(byField.get('endpoints.s3')?.error).toBeUndefined();
    expect(byField.get('endpoints.dynamo')?.error).toContain('is not a setting this version knows');
    expect(byField.get('allowSandBox')?.error).toContain('is not a setting this version knows');
  });

  it('lets the machine-wide profile win over the user’s where both set a setting', async () => {
    const fake = plutil({ [MACHINE]: { environment: 'prod' }, [USER]: { environment: 'dev', maxParallelTransfers: 2 } });
    const reading = await readProfilePolicy(fake.convert, 'alice');
    expect(reading).toEqual({
      ok: true,
      value: {
        channel: 'profile',
        settings: [
          { field: 'environment', value: 'prod', location: MACHINE },
          { field: 'maxParallelTransfers', value: 2, location: USER },
        ],
      },
    });
  });

  it('cannot be read when plutil fails or prints something else: the app must not start without the policy', async () => {
    const failed = await readProfilePolicy(plutil({ [MACHINE]: { kind: 'failed', problem: 'invalid object in plist for destination format' } }).convert, 'alice');
    expect(failed).toEqual({ ok: false, problem: expect.stringContaining('invalid object in plist for destination format') });
    const notJson = await readProfilePolicy(() => Promise.resolve({ kind: 'json', text: 'bplist00' }), 'alice');
    expect(notJson).toEqual({ ok: false, problem: expect.stringContaining('are not a property list the app can read') });
  });
});
