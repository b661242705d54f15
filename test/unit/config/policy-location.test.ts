import { describe, expect, it } from 'vitest';

import { policyFilePath, policyOverrideAllowed } from '../../../main/config/policy-location.js';

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

describe('policyOverrideAllowed: DOCSTORE_POLICY_FILE for the command line', () => {
  it('is honoured in the sandbox environment and in development', () => {
    expect(policyOverrideAllowed({})).toBe(true);
    expect(policyOverrideAllowed({ DOCSTORE_ENV: 'sandbox', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569' })).toBe(true);
    expect(policyOverrideAllowed({ DOCSTORE_ENV: 'prod', NODE_ENV: 'development' })).toBe(true);
  });

  it('is ignored against any other environment', () => {
    expect(policyOverrideAllowed({ DOCSTORE_ENV: 'prod' })).toBe(false);
    expect(policyOverrideAllowed({ DOCSTORE_ENV: 'prod', NODE_ENV: 'production' })).toBe(false);
  });
});
