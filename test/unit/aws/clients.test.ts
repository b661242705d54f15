/**
 * The clients' quiet logger: nothing reaches the console, and no response is copied for a log nobody reads (the SDK
 * masks and deep-copies every answer for `logger.info` when the logger has one: a fifth of a large search's CPU).
 */
import { createServer, type Server } from 'node:http';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStsClient } from '../../../main/aws/clients.js';

const ANSWER = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/GpAdmin/555000000001</Arn><UserId>AROAEXAMPLE:555000000001</UserId><Account>123456789012</Account></GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`;

let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/xml' }).end(ANSWER);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('the AWS clients', () => {
  it('answer without copying the response for a log and without writing to the console', async () => {
    const sts = createStsClient('eu-west-2', endpoint, { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const outputFilter = vi.fn((output: unknown) => output);
    const command = new GetCallerIdentityCommand({});
    // Outermost, so the filter it puts in the context is the one the SDK's logger middleware would call (the SDK
    // marks the field deprecated for callers, and still reads it).
    command.middlewareStack.add(
      (next, context) => (args) => {
        (context as Record<string, unknown>).outputFilterSensitiveLog = outputFilter;
        return next(args);
      },
      { step: 'initialize', priority: 'high', name: 'spyOnLogFilter' },
    );
    const warn = vi.spyOn(console, 'warn');
    const info = vi.spyOn(console, 'info');

    const answer = await sts.send(command);

    expect(answer.Arn).toBe('arn:aws:sts::123456789012:assumed-role/GpAdmin/555000000001');
    expect(outputFilter).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
    sts.destroy();
  });
});
