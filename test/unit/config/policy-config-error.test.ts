import { describe, expect, it } from 'vitest';

import { configErrorMessage } from '../../../main/config/policy-config-error.js';
import { applied, policyOf } from './policy-fixtures.js';

describe('configErrorMessage', () => {
  const error = { variable: 'DOCSTORE_ZIP_BUCKET', message: 'DOCSTORE_ZIP_BUCKET is not set. Set it to the name your AWS administrator gave you.' };

  it('points a managed computer at the policy field', () => {
    expect(configErrorMessage(error, applied({}, policyOf({ environment: 'prod' })))).toContain('"zipBucket" in policy.json');
  });

  it('leaves the message alone without a policy', () => {
    expect(configErrorMessage(error, applied({}, undefined))).toBe(error.message);
  });
});
