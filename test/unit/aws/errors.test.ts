import { describe, expect, it } from 'vitest';

import { type AwsErrorContext, describeAwsError } from '../../../main/aws/errors.js';
import { STALLED_MESSAGE, StalledError } from '../../../main/reliability/retryable.js';
import { CodedError } from '../../../main/errors.js';
import { SessionEndedError } from '../../../main/identity/session-ended.js';

const SANDBOX: AwsErrorContext = { service: 'DynamoDB', resource: 'DocumentReferenceMetadata', endpoint: 'http://localhost:4567' };
const REAL: AwsErrorContext = { service: 'S3', resource: 'prod-zip-bucket' };

function named(name: string, message = 'x'): Error {
  return Object.assign(new Error(message), { name });
}

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4567'), { code: 'ECONNREFUSED' });
}

describe('describeAwsError: network failures', () => {
  it('reports a refused connection as unreachable, naming the service and endpoint', () => {
    const described = describeAwsError(refused(), SANDBOX);
    expect(described.code).toBe('unreachable');
    expect(described.message).toContain('DynamoDB');
    expect(described.message).toContain('http://localhost:4567');
    expect(described.message).toContain('ECONNREFUSED');
  });

  it('names the real AWS service when there is no endpoint', () => {
    const described = describeAwsError(Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }), REAL);
    expect(described.code).toBe('unreachable');
    expect(described.message).toContain('AWS S3');
  });

  it('finds the network code in a wrapped cause', () => {
    const wrapped = new Error('request failed', { cause: refused() });
    const described = describeAwsError(wrapped, SANDBOX);
    expect(described.code).toBe('unreachable');
    expect(described.message).toContain('http://localhost:4567');
  });

  it('finds the network code inside an AggregateError', () => {
    const aggregate = new AggregateError([new Error('other'), refused()], 'connect failed');
    const described = describeAwsError(aggregate, SANDBOX);
    expect(described.code).toBe('unreachable');
    expect(described.message).toContain('ECONNREFUSED');
    expect(described.message).toContain('http://localhost:4567');
  });

  it('does not treat an unknown code as a network failure', () => {
    expect(describeAwsError(Object.assign(new Error('x'), { code: 'EWHATEVER' }), SANDBOX).code).toBe('unexpected');
  });
});

describe('describeAwsError: AWS errors', () => {
  it('reports missing credentials', () => {
    const described = describeAwsError(named('CredentialsProviderError', 'Could not load credentials from any providers'), REAL);
    expect(described.code).toBe('no-credentials');
    expect(described.message).toContain('Sign in');
    expect(described.message).not.toContain('Could not load credentials');
  });

  it.each(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired'])('reports %s as an expired sign-in', (name) => {
    expect(describeAwsError(named(name), REAL)).toEqual({
      code: 'expired-credentials',
      message: 'Your sign-in has expired. Sign in again, then retry.',
    });
  });

  it.each(['AccessDeniedException', 'AccessDenied', 'UnrecognizedClientException'])('reports %s as access denied', (name) => {
    const described = describeAwsError(named(name), SANDBOX);
    expect(described.code).toBe('access-denied');
    expect(described.message).toContain('DynamoDB DocumentReferenceMetadata');
  });

  it.each(['ResourceNotFoundException', 'NoSuchBucket', 'QueueDoesNotExist'])('reports %s as not found, naming the resource', (name) => {
    const described = describeAwsError(named(name), REAL);
    expect(described.code).toBe('not-found');
    expect(described.message).toContain('S3 prod-zip-bucket');
    expect(described.message).toContain('AWS S3');
  });

  it('names the endpoint when a sandbox resource is not found', () => {
    expect(describeAwsError(named('ResourceNotFoundException'), SANDBOX).message).toContain('http://localhost:4567');
  });

  it.each(['ThrottlingException', 'ProvisionedThroughputExceededException', 'SlowDown'])('reports %s as throttled', (name) => {
    const described = describeAwsError(named(name), REAL);
    expect(described.code).toBe('throttled');
    expect(described.message).toContain('S3 is busy');
  });

  it('reports an abort as cancelled', () => {
    expect(describeAwsError(named('AbortError'), REAL)).toEqual({ code: 'cancelled', message: 'Cancelled.' });
  });

  it('reports an abort as cancelled even when it carries a network code', () => {
    const aborted = Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ECONNRESET' });
    expect(describeAwsError(aborted, SANDBOX).code).toBe('cancelled');
  });
});

describe('describeAwsError: anything else', () => {
  const secret = 'Internal detail: table arn:aws:dynamodb:eu-west-2:123456789012:table/Secret';

  it('reports an unknown AWS error as unexpected without its message or stack', () => {
    const error = named('InternalServerError', secret);
    expect(error.stack).toContain('    at ');
    const described = describeAwsError(error, SANDBOX);
    expect(described.code).toBe('unexpected');
    expect(described.message).toContain('DynamoDB could not complete the request');
    expect(described.message).not.toContain('    at ');
    expect(described.message).not.toContain(secret);
    expect(described.message).not.toContain('123456789012');
  });

  it('reports a plain Error as unexpected without its message', () => {
    const described = describeAwsError(new Error(secret), REAL);
    expect(described.code).toBe('unexpected');
    expect(described.message).not.toContain(secret);
    expect(described.message).not.toMatch(/\n\s+at /);
  });

  it.each<[string, unknown]>([
    ['a string', secret],
    ['undefined', undefined],
    ['null', null],
    ['a plain object', { message: secret, name: 'ThrottlingException' }],
  ])('reports %s thrown as unexpected', (_label, thrown) => {
    const described = describeAwsError(thrown, REAL);
    expect(described.code).toBe('unexpected');
    expect(described.message).not.toContain(secret);
    expect(described.message).toContain('S3 could not complete the request');
  });
});

describe('describeAwsError: a connection that stopped responding', () => {
  it('says the connection stopped responding and nothing was saved, for a stall wherever it was caught', () => {
    const silent = Object.assign(new Error('@smithy/node-http-handler - the request socket timed out after 30000 ms of inactivity (configured by client requestHandler).'), {
      name: 'TimeoutError',
    });

    for (const error of [silent, new StalledError(30_000), new Error('stream failed', { cause: silent })]) {
      expect(describeAwsError(error, REAL)).toEqual({ code: 'unreachable', message: STALLED_MESSAGE });
    }
  });

  it('reports a connection that could not be made in time as unreachable, naming the endpoint', () => {
    const connect = Object.assign(new Error('the request socket did not establish a connection with the server within the configured timeout'), {
      name: 'TimeoutError',
    });

    const described = describeAwsError(connect, SANDBOX);

    expect(described.code).toBe('unreachable');
    expect(described.message).toContain('http://localhost:4567');
  });
});

describe('describeAwsError: the sign-in ended under a call', () => {
  it('keeps the session’s own code and words, so the person is asked to sign in again rather than told AWS failed', () => {
    const ended = new SessionEndedError('session-expired', 'Your session has ended, so the job stopped.');
    expect(describeAwsError(ended, REAL)).toEqual({ code: 'session-expired', message: 'Your session has ended, so the job stopped.' });
  });

  it('does not pass through a coded error of another kind', () => {
    class Other extends CodedError<'disk-full'> {}
    expect(describeAwsError(new Other('disk-full', 'Disk full'), REAL).code).toBe('unexpected');
  });
});
