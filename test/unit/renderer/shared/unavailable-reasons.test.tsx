import { describe, expect, it } from 'vitest';
import { describeExclusion, describeScanResult } from '../../../../renderer/src/shared/unavailable-reasons.js';

describe('reasons a document cannot be downloaded, in words', () => {
  it('says what each virus-scan value means', () => {
    expect(['Not Scanned', 'Infected', 'Suspicious', 'Error', 'Unscannable', 'Quarantined'].map(describeScanResult)).toEqual([
      'Still being checked for viruses',
      'Failed the virus check',
      'Failed the virus check',
      'Could not be checked for viruses',
      'Could not be checked for viruses',
      'Not cleared by the virus check',
    ]);
  });

  it('says what the download\'s reasons mean', () => {
    expect(['deleted', 'not uploaded', 'virus scan: Not Scanned', 'virus scan: Infected'].map(describeExclusion)).toEqual([
      'Deleted',
      'Upload not finished',
      'Still being checked for viruses',
      'Failed the virus check',
    ]);
  });
});
