import { describe, expect, it } from 'vitest';

import { policyFilePath } from '../../../main/config/policy-location.js';

describe('policyFilePath: the machine-wide location on each OS', () => {
  it('is under %ProgramData% on Windows, whatever the case of the variable', () => {
    expect(policyFilePath({ PROGRAMDATA: 'D:\\ProgramData' }, 'win32')).toBe('D:\\ProgramData\\Document Store Desktop\\policy.json');
    expect(policyFilePath({ ProgramData: 'C:\\ProgramData' }, 'win32')).toBe('C:\\ProgramData\\Document Store Desktop\\policy.json');
  });

  it('falls back to C:\\ProgramData when the variable is missing', () => {
    expect(policyFilePath({}, 'win32')).toBe('C:\\ProgramData\\Document Store Desktop\\policy.json');
  });

  it('is in /Library/Application Support on macOS and /etc on Linux', () => {
    expect(policyFilePath({}, 'darwin')).toBe('/Library/Application Support/Document Store Desktop/policy.json');
    expect(policyFilePath({}, 'linux')).toBe('/etc/document-store-desktop/policy.json');
  });
});
