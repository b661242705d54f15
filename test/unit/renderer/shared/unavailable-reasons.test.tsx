import { describe, expect, it } from 'vitest';
import { describeExclusion, describeScanResult, FAILED_THE_CHECK, nextStepsFor, STILL_BEING_CHECKED } from '../../../../renderer/src/shared/unavailable-reasons.js';

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

describe('what to do about documents that cannot be downloaded, for the person asking', () => {
  const failed = [FAILED_THE_CHECK];

  it('tells practice staff to upload their originals again, never to contact the GP practice they are', () => {
    for (const role of ['GP_ADMIN', 'GP_CLINICAL'] as const) {
      const [step] = nextStepsFor(failed, role);
      expect(step).toContain('If your practice holds the originals, scan and upload them again');
      expect(step).not.toMatch(/contact (the|your) GP practice/i);
    }
  });

  it('tells PCSE to go to the practice that uploaded them', () => {
    expect(nextStepsFor(failed, 'PCSE')).toEqual([expect.stringContaining('Ask the practice that uploaded them to upload them again')]);
  });

  it('keeps the general words when nobody is signed in, and says nothing of the virus check when no document failed it', () => {
    expect(nextStepsFor(failed)).toEqual([expect.stringContaining('Your IT service desk can tell you more')]);
    expect(nextStepsFor([STILL_BEING_CHECKED], 'PCSE')).toEqual([expect.stringContaining('Search again later')]);
  });
});
