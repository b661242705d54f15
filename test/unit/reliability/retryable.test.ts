import { describe, expect, it } from 'vitest';
import {
  ConnectionDroppedError,
  HttpStatusError,
  StalledError,
  isRetryable,
  isStall,
} from '../../../main/reliability/retryable.js';

/** An error as the SDK raises it for a service answer: a name and the HTTP status in $metadata. */
function serviceError(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

// The SDK handler's own words for its socket inactivity timeout (@smithy/node-http-handler).
const SOCKET_INACTIVITY = Object.assign(
  new Error('@smithy/node-http-handler - the request socket timed out after 300 ms of inactivity (configured by client requestHandler).'),
  { name: 'TimeoutError' },
);
const CONNECT_TIMEOUT = Object.assign(
  new Error('@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 5000 ms.'),
  { name: 'TimeoutError' },
);

describe('isRetryable: the one rule of what another try may fix', () => {
  it.each([
    ['throttling', serviceError('ThrottlingException', 400)],
    ['S3 slowing us down', serviceError('SlowDown', 503)],
    ['a server error', serviceError('InternalError', 500)],
    ['a bad gateway', new HttpStatusError(502)],
    ['too many requests', new HttpStatusError(429)],
    ['a request timeout answered by the server', serviceError('RequestTimeout', 400)],
    ['a connect timeout', CONNECT_TIMEOUT],
    ['a reset connection', systemError('ECONNRESET')],
    ['a refused connection wrapped as a cause', new Error('request failed', { cause: systemError('ECONNREFUSED') })],
    ['a connection failure inside an AggregateError', new AggregateError([new Error('x'), systemError('EHOSTUNREACH')])],
    ['a body that ended early', new ConnectionDroppedError('closed after 10 of 20 bytes')],
  ])('retries %s', (_case, error) => {
    expect(isRetryable(error)).toBe(true);
  });

  it.each([
    ['a missing object', serviceError('NoSuchKey', 404)],
    ['a refused permission', serviceError('AccessDenied', 403)],
    ['a bad request', serviceError('ValidationException', 400)],
    ['a precondition that failed', new HttpStatusError(412)],
    ['a 404 from a presigned GET', new HttpStatusError(404)],
    ['a stall of our own', new StalledError(300)],
    ['the SDK socket going silent', SOCKET_INACTIVITY],
    ['a cancel', Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })],
    ['an error with no sign of the network', new Error('S3 returned no ETag')],
    ['something that is not an Error', 'ECONNRESET'],
  ])('does not retry %s', (_case, error) => {
    expect(isRetryable(error)).toBe(false);
  });
});

describe('isStall', () => {
  it('knows our stall, the SDK socket inactivity timeout, and either as a cause', () => {
    expect(isStall(new StalledError(300))).toBe(true);
    expect(isStall(SOCKET_INACTIVITY)).toBe(true);
    expect(isStall(new Error('save failed', { cause: new StalledError(300) }))).toBe(true);
  });

  it('does not take a connect timeout for a stall: nothing was connected to go silent', () => {
    expect(isStall(CONNECT_TIMEOUT)).toBe(false);
    expect(isStall(systemError('ETIMEDOUT'))).toBe(false);
  });
});
