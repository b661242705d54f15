/** `reg query "HKLM\Software\Policies\NHS England\Document Store Desktop" /s /reg:64` output as Windows prints it (CRLF). */

const KEY = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\NHS England\\Document Store Desktop';

function regOutput(...blocks: ReadonlyArray<readonly [string, ReadonlyArray<string>]>): string {
  return ['', ...blocks.flatMap(([key, values]) => [key, ...values, ''])].join('\r\n') + '\r\n';
}

/** What Group Policy writes from the ADMX templates, all of the right types. */
export const GROUP_POLICY_OUTPUT = regOutput([
  KEY,
  [
    '    environment    REG_SZ    prod',
    '    zipBucket    REG_SZ    prod-document-store-zip-requests',
    '    allowSandbox    REG_DWORD    0x0',
    '    presignExpirySeconds    REG_DWORD    0x708',
    '    saveFolder.path    REG_SZ    D:\\Patient records\\Downloads',
    '    saveFolder.locked    REG_DWORD    0x1',
    '    endpoints.s3    REG_SZ    https://bucket.vpce-0a1b2c3d.s3.eu-west-2.vpce.amazonaws.com',
  ],
]);

/** Values a hand-made .reg file or a Group Policy Preferences item got wrong, beside good ones. */
export const MISTAKES_OUTPUT = regOutput(
  [
    KEY,
    [
      '    environment    REG_SZ    prod',
      // A DWORD where text is expected.
      '    zipBucket    REG_DWORD    0x2a',
      // Text where a DWORD is expected.
      '    traceTtlDays    REG_SZ    90',
      '    allowSandbox    REG_DWORD    0x2',
      '    signInScopes    REG_MULTI_SZ    openid\\0profile',
      // The right type, but not a valid value.
      '    region    REG_SZ    London',
      '    proxyUrl    REG_SZ    http://svc-docstore:S3cret!@proxy.example.nhs.uk:8080',
      '    allowSandBox    REG_DWORD    0x1',
      '    saveFolder    REG_SZ    D:\\Records',
      // An empty string value.
      '    signInAcrValues    REG_SZ    ',
    ],
  ],
  [`${KEY}\\saveFolder`, ['    path    REG_SZ    E:\\Elsewhere']],
);
