/**
 * Reading one configuration variable: trimmed, checked by a schema, and named in the error when it is wrong. The
 * value rules shared by every reader of the configuration (main/config/config.ts, identity-config.ts) live here.
 */
import { isAbsolute } from 'node:path';
import { z } from 'zod';

export type Environment = Readonly<Record<string, string | undefined>>;

/** A configuration problem, named by the variable that holds it. */
export interface ConfigError {
  readonly variable: string;
  readonly message: string;
}

/** Thrown inside a reader and turned into a ConfigError by loadConfig; it never leaves main/config/. */
export class ConfigProblem extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

export const SANDBOX = 'sandbox';
export const endpointUrl = z.url({ protocol: /^https?$/, error: 'use an http:// or https:// URL' });
const LOOPBACK_HOST = /^(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])$/;
export const resourceName = z.string().regex(/^[A-Za-z0-9._-]{3,255}$/, 'use letters, digits, ".", "_" or "-" (3 to 255 characters)');
export const absolutePath = z.string().refine(isAbsolute, 'use an absolute folder path');
export const absoluteFile = z.string().refine(isAbsolute, 'use an absolute file path');
export const wholeBetween = (min: number, max: number) =>
  z.coerce.number({ error: 'use a whole number' }).int('use a whole number').min(min, `use at least ${min}`).max(max, `use at most ${max}`);
export const positiveWhole = (max: number) => wholeBetween(1, max);

/**
 * An AWS service URL (endpoint or audit queue): https://, except that the sandbox environment may use http:// to this
 * computer, where local emulators listen.
 *
 * Anywhere else plain http:// would carry requests and documents across the network unencrypted and unauthenticated.
 * A proxy is not a service URL: an http:// proxy is fine, because HTTPS is tunnelled through it (CONNECT).
 */
export function serviceUrl(environment: string): z.ZodType<string> {
  const sandbox = environment === SANDBOX;
  return endpointUrl.refine(
    (url) => {
      const parsed = URL.parse(url);
      return parsed?.protocol === 'https:' || (sandbox && parsed?.protocol === 'http:' && LOOPBACK_HOST.test(parsed.hostname));
    },
    sandbox
      ? 'use an https:// URL, or an http:// URL to this computer (127.0.0.1 or localhost) for local emulators'
      : 'use an https:// URL: plain http:// is allowed only to this computer in the sandbox environment (DOCSTORE_ENV=sandbox)',
  );
}

export function readVariable(env: Environment, variable: string): string | undefined {
  const value = env[variable]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function parseOptional<T>(env: Environment, variable: string, schema: z.ZodType<T>): T | undefined {
  return readVariable(env, variable) === undefined ? undefined : parseVariable(env, variable, schema);
}

export function parseVariable<T>(env: Environment, variable: string, schema: z.ZodType<T>, fallback?: string): T {
  const raw = readVariable(env, variable) ?? fallback;
  if (raw === undefined) {
    throw new ConfigProblem(variable, `${variable} is not set. Set it to the name your AWS administrator gave you.`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const reason = parsed.error.issues[0]?.message ?? 'it is not valid';
    throw new ConfigProblem(variable, `${variable} has the value "${raw}", which is not valid: ${reason}.`);
  }
  return parsed.data;
}
