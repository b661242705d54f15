import { describe, expect, it } from 'vitest';

import { applyPolicy } from '../../../main/config/policy-apply.js';
import { policyEnvironment } from '../../../main/config/policy-variables.js';
import { policyOf } from './policy-fixtures.js';

describe('policyEnvironment: for readers that never open the backend', () => {
  it('writes the policy over the variables without the sandbox rule', () => {
    const policy = policyOf({ allowSandbox: false, archiveRetentionDays: 365 });
    expect(applyPolicy({ DOCSTORE_ARCHIVE_RETENTION_DAYS: '7' }, policy).ok).toBe(false);
    expect(policyEnvironment({ DOCSTORE_ARCHIVE_RETENTION_DAYS: '7' }, policy)).toEqual({ DOCSTORE_ARCHIVE_RETENTION_DAYS: '365' });
  });

  it('returns the same environment without a policy', () => {
    const env = { DOCSTORE_ENV: 'prod' };
    expect(policyEnvironment(env, undefined)).toBe(env);
  });
});
