/**
 * The IT check behind `cli doctor` and the app's `--doctor`: policy and configuration valid (and each policy setting
 * that is ignored, with why), network settings usable, each AWS endpoint reachable, sign-in configured and its issuer
 * and PDS reachable, the clock close to the endpoints' clock, and room in the save folder. Each check is one line of the
 * report; the network and the disk are reached through probes a test can replace.
 */
import { constants } from 'node:fs';
import { access, statfs } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { type Agent, request as httpsRequest } from 'node:https';
import { httpsAgentFor } from '../../aws/tls.js';
import { type Config, loadConfig, wantsBuiltInSandbox } from '../../config/config.js';
import { applyPolicy, configErrorMessage, type SettingOrigin } from '../../config/policy.js';
import { settingErrorMessage } from '../../config/policy-sources/policy-merge.js';
import type { StartupConfig } from '../../setup/setup.js';
import { type JsonAnswer, type SignInProbes, signInChecks } from './sign-in-checks.js';

export type CheckStatus = 'ok' | 'warning' | 'problem';

/** One line of the report. */
export interface DoctorCheck {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
}

/** What an endpoint answered: any HTTP status means it was reached; `date` is its clock, when it sent one. */
export type EndpointAnswer = { readonly ok: true; readonly status: number; readonly date?: Date } | { readonly ok: false; readonly message: string };

/** How the checks reach the world. */
export interface DoctorProbes extends SignInProbes {
  reach(url: string, agent: Agent | undefined): Promise<EndpointAnswer>;
  freeBytes(folder: string): Promise<number | undefined>;
  now(): Date;
}

/** Below this the save folder cannot hold a typical large record's ZIP. */
export const MIN_FREE_BYTES = 1024 ** 3;
/** AWS refuses requests signed 15 minutes off its clock; a skew past this is reported before it gets there. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Runs every check that applies; later checks are skipped when what they need is already broken. */
export async function runDoctorChecks(startup: StartupConfig, probes: DoctorProbes, saveFolder?: string): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  if (startup.problem !== undefined) {
    return [{ name: 'Policy', status: 'problem', detail: startup.problem }];
  }
  const origins = startup.policyOrigins ?? [];
  checks.push({ name: 'Policy', status: 'ok', detail: startup.policy === undefined ? 'none: environment variables and defaults apply' : `in force from ${sourcesInForce(origins)}` });
  // An ignored setting is a problem: the computer runs without what IT set. Its warning says the same, so it is not repeated.
  const ignored = origins.filter((origin) => origin.error !== undefined).map(settingErrorMessage);
  checks.push(...ignored.map((detail): DoctorCheck => ({ name: 'Policy setting', status: 'problem', detail })));
  checks.push(...startup.policyWarnings.filter((detail) => !ignored.includes(detail)).map((detail): DoctorCheck => ({ name: 'Policy', status: 'warning', detail })));
  const applied = applyPolicy(startup.env, startup.policy);
  if (!applied.ok) {
    return [...checks, { name: 'Configuration', status: 'problem', detail: applied.error.message }];
  }
  const folder = saveFolder ?? startup.policy?.saveFolder?.path;
  if (wantsBuiltInSandbox(applied.value.env)) {
    checks.push({ name: 'Configuration', status: 'ok', detail: 'the built-in sandbox (synthetic data): no AWS endpoints to check' });
    return [...checks, await saveFolderCheck(folder, probes)];
  }
  const config = loadConfig(applied.value.env);
  if (!config.ok) {
    return [...checks, { name: 'Configuration', status: 'problem', detail: configErrorMessage(config.error, applied.value) }];
  }
  checks.push({ name: 'Configuration', status: 'ok', detail: `environment "${config.value.environment}", region ${config.value.region}` });
  const agent = await httpsAgentFor({ ...config.value.network, maxSockets: 4 });
  if (!agent.ok) {
    return [...checks, { name: 'Network settings', status: 'problem', detail: agent.error.message }, await saveFolderCheck(folder, probes)];
  }
  const answers = await Promise.all(endpointsOf(config.value).map(async ([service, url]) => [service, url, await probes.reach(url, agent.value)] as const));
  for (const [service, url, answer] of answers) {
    checks.push(
      answer.ok
        ? { name: `${service} endpoint`, status: 'ok', detail: `${url} answered (HTTP ${answer.status})` }
        : { name: `${service} endpoint`, status: 'problem', detail: `${url} cannot be reached: ${answer.message}` },
    );
  }
  checks.push(...(await signInChecks(config.value, agent.value, probes)));
  checks.push(clockCheck(answers.map(([, , answer]) => answer), probes.now()));
  return [...checks, await saveFolderCheck(folder, probes)];
}

/** The probes for a real run: HTTPS (or HTTP for a local stack) GETs with a 10-second limit, and statfs. */
export const realProbes: DoctorProbes = {
  async reach(url, agent) {
    try {
      const response = await fetchWithAgent(url, agent);
      const date = response.headers.get('date');
      return { ok: true, status: response.status, ...(date === null ? {} : { date: new Date(date) }) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) };
    }
  },
  async freeBytes(folder) {
    const space = await statfs(folder).catch(() => undefined);
    return space === undefined || space.blocks === 0 ? undefined : space.bavail * space.bsize;
  },
  async fetchJson(url, agent): Promise<JsonAnswer> {
    try {
      const response = await fetchWithAgent(url, agent, MAX_JSON_BYTES);
      return { ok: true, status: response.status, body: parseJson(response.body) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  },
  now: () => new Date(),
};

// A discovery document is a few KiB; more is not one.
const MAX_JSON_BYTES = 256 * 1024;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function sourcesInForce(origins: ReadonlyArray<SettingOrigin>): string {
  const words = { registry: 'the Windows registry (Group Policy)', profile: 'the configuration profile', file: 'the policy file' } as const;
  const sources = (['registry', 'profile', 'file'] as const).filter((source) => origins.some((origin) => origin.source === source && origin.error === undefined));
  return sources.length === 0 ? 'the machine policy' : sources.map((source) => words[source]).join(' and ');
}

function endpointsOf(config: Config): Array<readonly [string, string]> {
  const aws = (service: string) => `https://${service}.${config.region}.amazonaws.com`;
  return [
    ['DynamoDB', config.endpoints.dynamodb ?? aws('dynamodb')],
    ['S3', config.endpoints.s3 ?? aws('s3')],
    ['SQS', config.endpoints.sqs ?? aws('sqs')],
  ];
}

function clockCheck(answers: ReadonlyArray<EndpointAnswer>, now: Date): DoctorCheck {
  const date = answers.flatMap((answer) => (answer.ok && answer.date !== undefined && !Number.isNaN(answer.date.getTime()) ? [answer.date] : []))[0];
  if (date === undefined) {
    return { name: 'Clock', status: 'warning', detail: 'not checked: no endpoint sent its time' };
  }
  // HTTP dates have whole seconds, so anything under two seconds is agreement.
  const skewSeconds = Math.round((now.getTime() - date.getTime()) / 1000);
  const detail = `${Math.abs(skewSeconds)} seconds ${skewSeconds >= 0 ? 'ahead of' : 'behind'} the endpoint's clock`;
  return Math.abs(skewSeconds) * 1000 > MAX_CLOCK_SKEW_MS
    ? { name: 'Clock', status: 'problem', detail: `${detail}; AWS refuses requests 15 minutes off. Correct the computer's time.` }
    : { name: 'Clock', status: 'ok', detail };
}

async function saveFolderCheck(folder: string | undefined, probes: DoctorProbes): Promise<DoctorCheck> {
  if (folder === undefined) {
    return { name: 'Save folder', status: 'warning', detail: 'not checked: the policy sets none (check one with --folder <folder>)' };
  }
  try {
    await access(folder, constants.W_OK);
  } catch {
    return { name: 'Save folder', status: 'problem', detail: `${folder} does not exist or this user cannot write to it` };
  }
  const free = await probes.freeBytes(folder);
  if (free === undefined) {
    return { name: 'Save folder', status: 'warning', detail: `${folder} is writable; its free space cannot be read (a network drive?)` };
  }
  const gib = (free / 1024 ** 3).toFixed(1);
  return free < MIN_FREE_BYTES
    ? { name: 'Save folder', status: 'problem', detail: `${folder} has ${gib} GiB free; large records need at least 1 GiB` }
    : { name: 'Save folder', status: 'ok', detail: `${folder} is writable, ${gib} GiB free` };
}

// With `bodyLimit`, the body is read (at most that many bytes) and resolved with; otherwise it is drained unread.
function fetchWithAgent(url: string, agent: Agent | undefined, bodyLimit = 0): Promise<{ status: number; headers: { get(name: string): string | null }; body: string }> {
  const secure = url.startsWith('https:');
  const request = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', timeout: 10_000, ...(secure && agent !== undefined ? { agent } : {}) }, (res) => {
      const answer = { status: res.statusCode ?? 0, headers: { get: (name: string) => [res.headers[name]].flat()[0] ?? null } };
      if (bodyLimit === 0) {
        res.resume();
        resolve({ ...answer, body: '' });
        return;
      }
      const chunks: Buffer[] = [];
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > bodyLimit) {
          req.destroy(new Error(`the answer is larger than ${bodyLimit / 1024} KiB`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ ...answer, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 seconds')));
    req.on('error', reject);
    req.end();
  });
}
