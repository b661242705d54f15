// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { applyPolicy, parsePolicy } from '../../../main/config/policy.js';
import { createSettings, createSettingsStore } from '../../../main/settings/settings-store.js';

function policyFolder(json: unknown) {
  const parsed = parsePolicy(json, 'linux');
  if (!parsed.ok) {
    throw new Error(parsed.error.message);
  }
  const applied = applyPolicy({ DOCSTORE_ENV: 'prod', DOCSTORE_ZIP_BUCKET: 'zips' }, parsed.value);
  if (!applied.ok) {
    throw new Error(applied.error.message);
  }
  return applied.value;
}

function store(saveFolder?: string) {
  return new Map<string, unknown>(saveFolder === undefined ? [] : [['saveFolder', saveFolder]]);
}

describe('the settings under the machine policy', () => {
  it('without a policy: the user\'s choice, or none', () => {
    expect(createSettingsStore(store()).read()).toEqual({ saveFolder: null, saveFolderLocked: false, saveFolderFromPolicy: false });
    const settings = createSettings(store(), policyFolder({}));
    settings.setSaveFolder('/home/user/zips');
    expect(settings.read()).toEqual({ saveFolder: '/home/user/zips', saveFolderLocked: false, saveFolderFromPolicy: false });
  });

  it('with a locked folder: always the policy folder, and a choice is not stored', () => {
    const saved = store('/home/user/old');
    const settings = createSettings(saved, policyFolder({ saveFolder: { path: '/srv/records', locked: true } }));
    expect(settings.read()).toEqual({ saveFolder: '/srv/records', saveFolderLocked: true, saveFolderFromPolicy: true });
    settings.setSaveFolder('/home/user/elsewhere');
    expect(saved.get('saveFolder')).toBe('/home/user/old');
    expect(settings.read().saveFolder).toBe('/srv/records');
  });

  it('with a default folder: the policy folder until the user picks another', () => {
    const settings = createSettings(store(), policyFolder({ saveFolder: { path: '/srv/records', locked: false } }));
    expect(settings.read()).toEqual({ saveFolder: '/srv/records', saveFolderLocked: false, saveFolderFromPolicy: true });
    settings.setSaveFolder('/home/user/mine');
    expect(settings.read()).toEqual({ saveFolder: '/home/user/mine', saveFolderLocked: false, saveFolderFromPolicy: false });
  });

  it('a folder the user chose counts as theirs, even when it is also the policy default', () => {
    const settings = createSettings(store('/srv/records'), policyFolder({ saveFolder: { path: '/srv/records' } }));
    expect(settings.read()).toEqual({ saveFolder: '/srv/records', saveFolderLocked: false, saveFolderFromPolicy: false });
  });

  it('ignores an empty or malformed stored value', () => {
    expect(createSettingsStore(store('')).read().saveFolder).toBeNull();
    expect(createSettingsStore(new Map<string, unknown>([['saveFolder', 42]])).read().saveFolder).toBeNull();
  });
});
