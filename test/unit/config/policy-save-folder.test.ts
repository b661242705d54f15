import { describe, expect, it } from 'vitest';

import { saveFolderUnderPolicy } from '../../../main/config/policy-save-folder.js';

describe('saveFolderUnderPolicy: policy beats the user’s choice only when locked', () => {
  it.each<[string, Parameters<typeof saveFolderUnderPolicy>[0], string | null, ReturnType<typeof saveFolderUnderPolicy>]>([
    ['no policy, no choice', undefined, null, { saveFolder: null, locked: false }],
    ['no policy', undefined, '/home/a/Downloads', { saveFolder: '/home/a/Downloads', locked: false }],
    ['a default, no choice yet', { path: '/srv/records', locked: false }, null, { saveFolder: '/srv/records', locked: false }],
    ['a default, the user chose', { path: '/srv/records', locked: false }, '/home/a/Downloads', { saveFolder: '/home/a/Downloads', locked: false }],
    ['a locked folder', { path: '/srv/records', locked: true }, '/home/a/Downloads', { saveFolder: '/srv/records', locked: true }],
  ])('%s', (_label, policyFolder, userChoice, expected) => {
    expect(saveFolderUnderPolicy(policyFolder, userChoice)).toEqual(expected);
  });
});
