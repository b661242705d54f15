// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../main/logging/redact.js';
import { isSecretName, maskSecrets } from '../../../main/logging/secrets.js';

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = `FwoGZXIvYXdzEJr//////////wEaDEXAMPLE${'Ab9+'.repeat(30)}`;
const PRESIGNED =
  'https://zips.s3.eu-west-2.amazonaws.com/c1.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101%2Feu-west-2%2Fs3%2Faws4_request' +
  '&X-Amz-Date=20260101T000000Z&X-Amz-Expires=300&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE%2Fpart&X-Amz-Signature=0f1e2d3c4b5a69788796a5b4c3d2e1f0&X-Amz-SignedHeaders=host';

describe('maskSecrets: each kind of credential', () => {
  it.each([
    ['a proxy URL with user and password', 'proxy http://svc-docstore:p%40ss%3Aword@proxy.example.nhs.uk:8080 refused', 'proxy http://svc-docstore:***@proxy.example.nhs.uk:8080 refused'],
    ['a URL with a token as its user', 'https://ghp_abcdef123456@git.example/repo', 'https://***@git.example/repo'],
    ['an access key id', 'key AKIAIOSFODNN7EXAMPLE, temporary ASIAIOSFODNN7EXAMPLE.', 'key AKIA***, temporary ASIA***.'],
    ['a secret key alone', `secret ${SECRET_KEY} here`, 'secret *** here'],
    ['a secret key by name', `AWS_SECRET_ACCESS_KEY=${SECRET_KEY}`, 'AWS_SECRET_ACCESS_KEY=***'],
    ['a session token alone', `token ${SESSION_TOKEN}`, 'token ***'],
    ['an Authorization header', 'Authorization: AWS4-HMAC-SHA256 Credential=AKIA/x, SignedHeaders=host, Signature=abc', 'Authorization: ***'],
    ['a Proxy-Authorization header', 'proxy-authorization: Basic c3ZjOnBhc3M=', 'proxy-authorization: ***'],
    ['a bearer token', 'sent Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl now', 'sent Bearer *** now'],
    ['an OAuth code in a redirect', 'http://127.0.0.1:5000/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz', 'http://127.0.0.1:5000/callback?code=***&state=xyz'],
    ['OAuth tokens in JSON', '{"access_token":"at-1","refresh_token":"rt-1","token_type":"Bearer","expires_in":3600}', '{"access_token":"***","refresh_token":"***","token_type":"***","expires_in":3600}'],
    ['an SSO client secret', "{ clientSecret: 'eyJraWQiOiJrZXkt', clientId: 'abc' }", "{ clientSecret: '***', clientId: 'abc' }"],
  ])('masks %s', (_kind, text, masked) => {
    expect(maskSecrets(text)).toBe(masked);
  });

  it('masks the signature, credential and security token of a presigned URL and keeps the rest', () => {
    const masked = maskSecrets(PRESIGNED);
    expect(masked).toBe(
      'https://zips.s3.eu-west-2.amazonaws.com/c1.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***&X-Amz-Date=20260101T000000Z&X-Amz-Expires=300&X-Amz-Security-Token=***&X-Amz-Signature=***&X-Amz-SignedHeaders=host',
    );
  });

  it('leaves ordinary text, error codes, hashes, stack frames and paths alone', () => {
    const ordinary = [
      'code=ENOENT while opening the file',
      `sha256 ${'ab'.repeat(32)}`,
      '    at SignatureV4.signRequest (/app/node_modules/x/tokenizer.js:10:5)',
      'Data folder: /home/user/.config/Document Store Desktop',
      'Basic credentials may be written in the URL, percent-encoded.',
      'https://sqs.eu-west-2.amazonaws.com/123456789012/prod-sensitive-audit',
    ];
    for (const text of ordinary) {
      expect(maskSecrets(text)).toBe(text);
    }
  });

  it('names secret fields by their words, not error codes or ids', () => {
    for (const name of ['secretAccessKey', 'sessionToken', 'password', 'proxyPassword', 'Authorization', 'X-Amz-Signature', 'refresh_token', 'clientSecret', 'apiKey']) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['code', 'requestId', 'accessKeyId', 'message', 'nhsNumber', 'folder']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });
});

describe('the log redactor masks credentials too', () => {
  const redactor = createRedactor({ salt: 'a'.repeat(64) });

  it('masks a field whose name says it is a secret, whatever its value', () => {
    expect(redactor.redact({ secretAccessKey: 'x', sessionToken: 12, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, code: 'denied' })).toEqual({
      secretAccessKey: '***',
      sessionToken: '***',
      credentials: '***',
      code: 'denied',
    });
  });

  it('masks credentials in free text before cutting a long string, so no half secret survives the cut', () => {
    const masked = redactor.text(`${'x '.repeat(3_996)}AKIAIOSFODNN7EXAMPLE`);
    expect(masked).not.toContain('AKIAIOSF');
    expect(redactor.text(`${'AKIAIOSFODNN7EXAMPLE '.repeat(1_000)}end`)).toMatch(/^(?:AKIA\*\*\* )+.*…\(truncated\)$/);
  });
});
