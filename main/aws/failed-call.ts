/**
 * Which AWS call an error came from, recorded on the error by the clients themselves (main/aws/clients.ts).
 *
 * A job that kept a mutable "which service am I calling now" would blame S3 for an STS failure raised while it was
 * "in" its S3 step; the middleware here knows the client and the request that actually failed.
 */
import type { MiddlewareStack } from '@smithy/types';
import type { AwsErrorContext } from './errors.js';

const FAILED_CALLS = new WeakMap<object, AwsErrorContext>();

/** The call an error came from, when one of our clients raised it. */
export function failedCallOf(error: unknown): AwsErrorContext | undefined {
  return typeof error === 'object' && error !== null ? FAILED_CALLS.get(error) : undefined;
}

/** Makes every error `client` raises carry its service, the resource the request named, and the endpoint. */
export function recordFailedCalls<Input extends object, Output extends object>(
  client: { readonly middlewareStack: MiddlewareStack<Input, Output> },
  service: AwsErrorContext['service'],
  endpoint: string | undefined,
): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (typeof error === 'object' && error !== null && !FAILED_CALLS.has(error)) {
          FAILED_CALLS.set(error, { service, resource: resourceOf(args.input), ...(endpoint === undefined ? {} : { endpoint }) });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'documentStoreFailedCall' },
  );
}

// The request's own names say what was being reached: a table, a bucket, a queue; STS has none (the sign-in).
function resourceOf(input: unknown): string {
  const { TableName, Bucket, QueueUrl, QueueName } = (input ?? {}) as Record<string, unknown>;
  if (typeof TableName === 'string') {
    return `table ${TableName}`;
  }
  if (typeof Bucket === 'string') {
    return `bucket ${Bucket}`;
  }
  if (typeof QueueUrl === 'string') {
    return `queue ${QueueUrl.slice(QueueUrl.lastIndexOf('/') + 1)}`;
  }
  return typeof QueueName === 'string' ? `queue ${QueueName}` : 'sign-in';
}
