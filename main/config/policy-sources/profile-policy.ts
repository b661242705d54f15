/**
 * Reading the macOS configuration profile: the managed preferences an MDM installs for the app's domain (its bundle
 * identifier) in /Library/Managed Preferences, machine-wide and per user, nested as policy.json nests them.
 *
 * The files are property lists, usually binary; `plutil -convert json` turns them into JSON. Only root writes
 * /Library/Managed Preferences (the system's MDM client does), so unlike the policy file there is nothing to check
 * before trusting it.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { posix } from 'node:path';
import { POLICY_PREFERENCES_DOMAIN } from '../../cli/policy/policy-settings.js';
import { systemErrorCode } from '../../errors.js';
import type { ChannelReading, ChannelSetting } from './policy-channel.js';
import { hasKind, isPolicyGroup, kindOf, policyLeaf } from './policy-fields.js';

export const MANAGED_PREFERENCES_FOLDER = '/Library/Managed Preferences';

/** What converting one property list gave: its JSON text, absent when there is no such file, or why it failed. */
export type PlistJson = { readonly kind: 'json'; readonly text: string } | { readonly kind: 'absent' } | { readonly kind: 'failed'; readonly problem: string };

/** Converts a property list file to JSON text (plutil on a Mac; a test passes its own). */
export type PlistConverter = (file: string) => Promise<PlistJson>;

/** The profile files read, machine-wide first: its settings win over the user's where both set one. */
export function managedPreferenceFiles(user: string): string[] {
  const file = `${POLICY_PREFERENCES_DOMAIN}.plist`;
  return [posix.join(MANAGED_PREFERENCES_FOLDER, file), posix.join(MANAGED_PREFERENCES_FOLDER, user, file)];
}

/** Reads the managed preferences: their settings, none without a profile, a problem when a file cannot be read. */
export async function readProfilePolicy(convert: PlistConverter = plutilJson, user: string = userInfo().username): Promise<ChannelReading> {
  const settings: ChannelSetting[] = [];
  for (const file of managedPreferenceFiles(user)) {
    const converted = await convert(file);
    if (converted.kind === 'absent') {
      continue;
    }
    if (converted.kind === 'failed') {
      return { ok: false, problem: `The managed preferences "${file}" could not be read (${converted.problem}). Ask your IT team to check the configuration profile.` };
    }
    let json: unknown;
    try {
      json = JSON.parse(converted.text);
    } catch {
      return { ok: false, problem: `The managed preferences "${file}" are not a property list the app can read. Ask your IT team to check the configuration profile.` };
    }
    const taken = new Set(settings.map(({ field }) => field));
    settings.push(...profileSettings(json, file).filter(({ field }) => !taken.has(field)));
  }
  return { ok: true, value: { channel: 'profile', settings } };
}

/** The settings a converted property list holds, each checked for its kind; Payload* keys of the profile are skipped. */
export function profileSettings(json: unknown, location: string): ChannelSetting[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return [{ field: '(the whole file)', value: kindOf(json), location, error: 'must be a dictionary of settings' }];
  }
  const settings: ChannelSetting[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (key.startsWith('Payload')) {
      continue;
    }
    if (isPolicyGroup(key) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      settings.push(...Object.entries(value as Record<string, unknown>).map(([child, childValue]) => setting(`${key}.${child}`, childValue, location)));
    } else {
      settings.push(setting(key, value, location));
    }
  }
  return settings;
}

function setting(field: string, value: unknown, location: string): ChannelSetting {
  const leaf = policyLeaf(field);
  if (leaf === undefined) {
    const error = isPolicyGroup(field) ? 'must be a dictionary of its settings' : 'is not a setting this version knows, so it is ignored (see docs/policy.md)';
    return { field, value, location, error };
  }
  if (!hasKind(value, leaf.kind)) {
    const wanted = leaf.kind === 'string' ? '<string>' : leaf.kind === 'integer' ? '<integer>' : '<true/> or <false/>';
    return { field, value, location, error: `must be ${wanted} in the profile, not ${kindOf(value)}` };
  }
  return { field, value, location };
}

async function plutilJson(file: string): Promise<PlistJson> {
  try {
    await stat(file);
  } catch (error) {
    const code = systemErrorCode(error);
    return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'absent' } : { kind: 'failed', problem: code ?? String(error) };
  }
  return new Promise((resolve) => {
    execFile('/usr/bin/plutil', ['-convert', 'json', '-o', '-', file], { timeout: 15_000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      // plutil cannot put a <date> or <data> value into JSON; no setting is one, so the profile is then not ours to read.
      resolve(error === null ? { kind: 'json', text: stdout } : { kind: 'failed', problem: (stderr.trim() || error.message).slice(0, 300) });
    });
  });
}
