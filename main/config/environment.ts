/**
 * The one reader of the process environment, and the one writer of the variables the AWS SDK reads on its own.
 *
 * Everything else takes an `Environment` from here (or from a test), so a test can give any process any settings.
 */
import type { Environment } from './config.js';

/** A snapshot of this process's variables: later changes (ours or a library's) do not leak into the configuration. */
export function processEnvironment(): Environment {
  return { ...process.env };
}

/**
 * Settings the AWS SDK reads from the process environment rather than from its clients' options.
 *
 * Endpoints come only from our configuration and the policy: the SDK must not take them from ~/.aws/config or
 * AWS_ENDPOINT_URL behind the policy's back. The Node 20 support warning would be printed into the CLI's output.
 */
export function configureSdkProcessEnvironment(): void {
  process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
