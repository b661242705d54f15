import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../../bench/lib/execute.js';
import type { Dataset } from '../../../../bench/lib/seed-bench.js';
import { parseJobEnv, parseModes, parseSizes, planLinkGroups } from '../../../../bench/link/link-plan.js';
import { summarizeLink } from '../../../../bench/link/link-report.js';
import { LINK_PROFILES, parseProfiles } from '../../../../bench/link/profiles.js';

const dataset: Dataset = {
  id: 'small',
  label: '200 MB (100 × 2 MB)',
  nhsNumber: '9997000001',
  bucket: 'documents',
  documents: Array.from({ length: 100 }, (_, index) => ({ key: `bench/small/${index}`, fileName: `${index}.bin`, bytes: 2_000_000 })),
  totalBytes: 200_000_000,
};

function run(group: string, variant: string, rep: number, wallMs: number, milestonesMs?: Record<string, number>): RunRecord {
  return {
    group,
    variant,
    rep,
    startedAt: '',
    loadAverage: 0,
    result: {
      ok: true,
      wallMs,
      cpuMs: 0,
      phaseStartsMs: {},
      outputBytes: 0,
      peakRssKib: 0,
      hwmBeforeJobKib: 0,
      rssBeforeJobKib: 0,
      sampledJobPeakKib: 0,
      sampledPeakHeapUsedKib: 0,
      sampledPeakByPhaseKib: {},
      ...(milestonesMs === undefined ? {} : { milestonesMs }),
    },
  };
}

describe('the link plan', () => {
  it('asks for a trace-copy mode through the environment, and for none when the default is measured', () => {
    const [group] = planLinkGroups([LINK_PROFILES.practice], [dataset], ['default', 'background']);
    expect(group?.variants.map((variant) => [variant.name, variant.env])).toEqual([
      ['job:default', {}],
      ['job:background', { DOCSTORE_TRACE_COPY: 'background' }],
      ['download-once', undefined],
    ]);
    expect(group?.variants.every((variant) => variant.link?.name === 'practice')).toBe(true);
  });

  it('adds the variables asked for to every job run, not to the yardstick', () => {
    const [group] = planLinkGroups([LINK_PROFILES.practice], [dataset], ['none'], parseJobEnv('DOCSTORE_NO_BYTE_TIMEOUT_SECONDS=120'));
    expect(group?.variants.map((variant) => variant.env)).toEqual([{ DOCSTORE_NO_BYTE_TIMEOUT_SECONDS: '120', DOCSTORE_TRACE_COPY: 'none' }, undefined]);
    expect(() => parseJobEnv('lower=1')).toThrow(/NAME=value/u);
  });

  it('allows the seed order time to move the record down, up and down again on the link', () => {
    const [group] = planLinkGroups([LINK_PROFILES.adsl], [dataset], ['default']);
    // 200 MB at 24 Mbit/s is 67 s each way down, 400 s up.
    expect(group?.variants[0]?.timeoutMs).toBeGreaterThan((67 + 400 + 67) * 1000);
  });

  it('reads sizes, modes and profiles, refusing names it does not know', () => {
    expect(parseSizes('200MB,1gb')).toEqual(['small', 'large']);
    expect(parseModes('before-save,none')).toEqual(['before-save', 'none']);
    expect(parseProfiles('practice,adsl').map((profile) => profile.name)).toEqual(['practice', 'adsl']);
    expect(() => parseSizes('5GB')).toThrow(/unknown record size/u);
    expect(() => parseModes('later')).toThrow(/unknown trace-copy mode/u);
    expect(() => parseProfiles('satellite')).toThrow(/unknown link profile/u);
  });
});

describe('summarizeLink', () => {
  it('divides the time to the saved file by the download-once time, overall and per repetition', () => {
    const groups = planLinkGroups([LINK_PROFILES.practice], [dataset], ['default']);
    const id = groups[0]?.id ?? '';
    const records = [
      run(id, 'job:default', 1, 110_000, { fileSaved: 100_000, traceCopyComplete: 80_000 }),
      run(id, 'download-once', 1, 20_000),
      run(id, 'job:default', 2, 130_000, { fileSaved: 120_000, traceCopyComplete: 90_000 }),
      run(id, 'download-once', 2, 20_000),
    ];
    const [row] = summarizeLink(groups, records, ['default']);
    expect(row?.fileSavedS?.median).toBe(110);
    expect(row?.downloadOnceS?.median).toBe(20);
    expect(row?.savedOverOnce).toBeCloseTo(5.5);
    expect([row?.savedOverOncePairs?.min, row?.savedOverOncePairs?.max]).toEqual([5, 6]);
    expect(row?.traceCopyS?.median).toBe(85);
    expect(row?.traceOverOnce).toBeCloseTo(4.25);
  });

  it('counts the bytes a job moved across the link in records, each way', () => {
    const groups = planLinkGroups([LINK_PROFILES.practice], [dataset], ['default']);
    const id = groups[0]?.id ?? '';
    const job = { ...run(id, 'job:default', 1, 100_000, { fileSaved: 100_000 }), linkBytes: { down: 401_000_000, up: 201_000_000 } };
    const [row] = summarizeLink(groups, [job, run(id, 'download-once', 1, 20_000)], ['default']);
    expect(row?.recordsDown).toBeCloseTo(2.005);
    expect(row?.recordsUp).toBeCloseTo(1.005);
  });

  it('reports a failed run instead of a ratio when the job never saved', () => {
    const groups = planLinkGroups([LINK_PROFILES.practice], [dataset], ['none']);
    const id = groups[0]?.id ?? '';
    const failed: RunRecord = { group: id, variant: 'job:none', rep: 1, startedAt: '', loadAverage: 0, result: { ok: false, error: 'timed out after 90 s' } };
    const [row] = summarizeLink(groups, [failed, run(id, 'download-once', 1, 20_000)], ['none']);
    expect(row?.savedOverOnce).toBeUndefined();
    expect(row?.failures).toEqual(['job:none: timed out after 90 s']);
  });
});
