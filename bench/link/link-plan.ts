/** The shaped-link groups: for each profile and record size, our job in each trace-copy mode and the download-once yardstick. */
import { APP_PREFETCH, type GroupPlan, type VariantPlan, sourcesOf, timeoutFor } from '../lib/plan.js';
import type { Dataset } from '../lib/seed-bench.js';
import { type LinkProfile, transferSeconds } from './profiles.js';

/** The download job's `traceCopy` policies (issue 17 §2), asked for through DOCSTORE_TRACE_COPY. */
export const TRACE_COPY_MODES = ['before-save', 'background', 'none'] as const;
/** No DOCSTORE_TRACE_COPY at all: whatever the code measured does by default (today: the seed's order). */
export const DEFAULT_MODE = 'default';

/** The record sizes the link bench offers, by the name `--sizes` takes, and the seeded dataset each one is. */
export const LINK_SIZES: Readonly<Record<string, string>> = { '200MB': 'small', '1GB': 'large' };

export interface LinkGroupPlan extends GroupPlan {
  readonly profile: LinkProfile;
  readonly dataset: Dataset;
}

export const DOWNLOAD_ONCE = 'download-once';

export function jobVariantName(mode: string): string {
  return `job:${mode}`;
}

/** "200MB,1GB" → dataset ids; throws on a size it does not offer. */
export function parseSizes(list: string): string[] {
  return list.split(',').map((size) => {
    const id = LINK_SIZES[size.trim().toUpperCase().replace(' ', '')];
    if (id === undefined) {
      throw new Error(`unknown record size "${size}"; choose from ${Object.keys(LINK_SIZES).join(', ')}`);
    }
    return id;
  });
}

/** "before-save,background" → modes; `default` runs without the variable. */
export function parseModes(list: string): string[] {
  return list.split(',').map((mode) => {
    const trimmed = mode.trim();
    if (trimmed !== DEFAULT_MODE && !(TRACE_COPY_MODES as ReadonlyArray<string>).includes(trimmed)) {
      throw new Error(`unknown trace-copy mode "${mode}"; choose from ${[DEFAULT_MODE, ...TRACE_COPY_MODES].join(', ')}`);
    }
    return trimmed;
  });
}

/** "NAME=value,NAME=value" → variables for the job's environment (e.g. a longer DOCSTORE_NO_BYTE_TIMEOUT_SECONDS). */
export function parseJobEnv(list: string | undefined): Record<string, string> {
  if (list === undefined) {
    return {};
  }
  return Object.fromEntries(
    list.split(',').map((pair) => {
      const match = /^\s*([A-Z][A-Z0-9_]*)=(.*)$/u.exec(pair);
      if (match === null) {
        throw new Error(`--job-env takes NAME=value pairs separated by commas, not "${pair}"`);
      }
      return [match[1] ?? '', (match[2] ?? '').trim()];
    }),
  );
}

export function planLinkGroups(
  profiles: ReadonlyArray<LinkProfile>,
  datasets: ReadonlyArray<Dataset>,
  modes: ReadonlyArray<string>,
  jobEnv: Readonly<Record<string, string>> = {},
): LinkGroupPlan[] {
  return profiles.flatMap((profile) =>
    datasets.map((dataset) => {
      const down = transferSeconds(dataset.totalBytes, profile.downBitsPerSecond);
      const up = transferSeconds(dataset.totalBytes, profile.upBitsPerSecond);
      // The seed's order moves the record down, up and down again; allow half as much again, plus the loopback time.
      const jobTimeoutMs = timeoutFor(dataset.totalBytes, 300) + (2 * down + up) * 1500 + dataset.documents.length * 30;
      const jobs: VariantPlan[] = modes.map((mode) => ({
        name: jobVariantName(mode),
        task: { kind: 'ours-link', nhsNumber: dataset.nhsNumber, ...(mode === DEFAULT_MODE ? {} : { traceCopy: mode }) },
        dataset,
        link: profile,
        env: { ...jobEnv, ...(mode === DEFAULT_MODE ? {} : { DOCSTORE_TRACE_COPY: mode }) },
        timeoutMs: Math.round(jobTimeoutMs),
      }));
      const once: VariantPlan = {
        name: DOWNLOAD_ONCE,
        task: { kind: 'download-once', sources: sourcesOf(dataset), prefetch: APP_PREFETCH },
        dataset,
        link: profile,
        timeoutMs: Math.round(timeoutFor(dataset.totalBytes, 300) + down * 1500),
      };
      return { id: `link:${profile.name}:${dataset.id}`, title: `${dataset.label} on the ${profile.name} link (${profile.description})`, variants: [...jobs, once], profile, dataset };
    }),
  );
}
