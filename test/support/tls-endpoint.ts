import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** True when the `openssl` command is on the PATH (Debian and macOS have it; Windows has it with Git). */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A throw-away PKI like a TLS-inspecting proxy's: a private root and a server certificate it signed for 127.0.0.1. */
export interface TestPki {
  readonly dir: string;
  /** The private root, as the organisation would hand it to IT. */
  readonly caPem: string;
  /** An unrelated second root, so bundles hold more than one certificate. */
  readonly otherCaPem: string;
  readonly leafKeyPem: string;
  readonly leafCertPem: string;
  /** Writes a bundle file into the PKI's folder and returns its path. */
  writeBundle(name: string, contents: string | Buffer): Promise<string>;
  remove(): Promise<void>;
}

/**
 * Generates the PKI with the openssl CLI (P-256 keys, valid for two days), in a fresh temporary folder.
 *
 * The server certificate names 127.0.0.1 and localhost, plus `hostNames` (an inspecting proxy forges certificates
 * for real AWS host names, which a test can imitate with `startConnectProxy({ tunnelTo })`).
 */
export async function createTestPki(options: { readonly hostNames?: ReadonlyArray<string> } = {}): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'docstore-pki-'));
  const file = (name: string): string => join(dir, name);
  const newRoot = async (name: string, subject: string): Promise<void> => {
    await openssl([
      'req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', file(`${name}.key`), '-out', file(`${name}.pem`), '-days', '2', '-subj', subject,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  };
  await newRoot('ca', '/O=Test NHS Trust/CN=Test TLS Inspection Root');
  await newRoot('other-ca', '/O=Somebody Else/CN=Unrelated Root');
  await openssl([
    'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', file('leaf.key'), '-out', file('leaf.csr'), '-subj', '/CN=127.0.0.1',
  ]);
  await writeFile(
    file('leaf.ext'),
    `subjectAltName=${['IP:127.0.0.1', 'DNS:localhost', ...(options.hostNames ?? []).map((name) => `DNS:${name}`)].join(',')}\n` +
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n',
  );
  await openssl([
    'x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
    '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '2', '-extfile', file('leaf.ext'), '-out', file('leaf.pem'),
  ]);
  const [caPem, otherCaPem, leafKeyPem, leafCertPem] = await Promise.all(
    ['ca.pem', 'other-ca.pem', 'leaf.key', 'leaf.pem'].map((name) => readFile(file(name), 'utf8')),
  );
  return {
    dir,
    caPem: caPem!,
    otherCaPem: otherCaPem!,
    leafKeyPem: leafKeyPem!,
    leafCertPem: leafCertPem!,
    async writeBundle(name, contents) {
      await writeFile(file(name), contents);
      return file(name);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A request the fake endpoint answered. */
export interface SeenRequest {
  readonly method: string;
  readonly target: string | undefined;
  readonly host?: string;
  readonly path?: string;
  /** The access key a SigV4 `Authorization` header names, when the request was signed. */
  readonly accessKeyId?: string;
}

/** What the fake endpoint hands out for IAM Identity Center's GetRoleCredentials. */
export const SSO_ROLE_CREDENTIALS = { accessKeyId: 'ASIASSOTEST', secretAccessKey: 'sso-secret', sessionToken: 'sso-session' } as const;

/**
 * An HTTPS server on 127.0.0.1 that answers every request like DynamoDB's ListTables with no tables, except the
 * IAM Identity Center portal's GetRoleCredentials (`GET /federation/credentials`), answered with SSO_ROLE_CREDENTIALS.
 */
export interface TlsEndpoint {
  readonly url: string;
  readonly port: number;
  readonly requests: ReadonlyArray<SeenRequest>;
  close(): Promise<void>;
}

/** Starts the fake endpoint with the PKI's server certificate on a free port. */
export async function startTlsEndpoint(pki: TestPki): Promise<TlsEndpoint> {
  const requests: SeenRequest[] = [];
  const server = createHttpsServer({ key: pki.leafKeyPem, cert: pki.leafCertPem }, (request, response) => {
    request.resume();
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const path = request.url ?? '';
      const accessKeyId = /Credential=([^/,\s]+)\//.exec(request.headers.authorization ?? '')?.[1];
      requests.push({
        method: request.method ?? '',
        target: Array.isArray(target) ? target[0] : target,
        ...(request.headers.host === undefined ? {} : { host: request.headers.host }),
        path,
        ...(accessKeyId === undefined ? {} : { accessKeyId }),
      });
      if (request.method === 'GET' && path.startsWith('/federation/credentials')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ roleCredentials: { ...SSO_ROLE_CREDENTIALS, expiration: Date.now() + 3_600_000 } }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'test-request' });
      response.end('{"TableNames":[]}');
    });
  });
  // A client that refuses the certificate resets the handshake; that is the point of some tests, not a failure.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A forward proxy that tunnels HTTPS with HTTP CONNECT, like a corporate proxy, optionally asking for Basic credentials. */
export interface ConnectProxy {
  readonly url: string;
  /** `host:port` of every tunnel opened. */
  readonly tunnels: ReadonlyArray<string>;
  /** Requests refused with 407 because credentials were missing or wrong. */
  readonly refused: number;
  close(): Promise<void>;
}

/**
 * Starts the proxy on 127.0.0.1; with `credentials`, a CONNECT without that user and password gets 407.
 *
 * With `tls`, the proxy itself speaks HTTPS (an https:// proxy URL) with the PKI's server certificate. With
 * `tunnelTo`, every tunnel ends at that local port whatever host was asked for, as an inspecting proxy's do.
 */
export async function startConnectProxy(
  options: {
    readonly credentials?: { readonly user: string; readonly password: string };
    readonly tls?: TestPki;
    readonly tunnelTo?: number;
  } = {},
): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  let refused = 0;
  const expected =
    options.credentials === undefined ? undefined : `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`;
  const refuse = (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(405).end();
  };
  const server =
    options.tls === undefined ? createHttpServer(refuse) : createHttpsServer({ key: options.tls.leafKeyPem, cert: options.tls.leafCertPem }, refuse);
  server.on('tlsClientError', () => undefined);
  server.on('connect', (request, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (expected !== undefined && request.headers['proxy-authorization'] !== expected) {
      refused += 1;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const target = request.url ?? '';
    tunnels.push(target);
    const separator = target.lastIndexOf(':');
    const [host, port] = options.tunnelTo === undefined ? [target.slice(0, separator), Number(target.slice(separator + 1))] : ['127.0.0.1', options.tunnelTo];
    const upstream = connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    tunnels,
    get refused() {
      return refused;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function openssl(args: ReadonlyArray<string>): Promise<void> {
  await run('openssl', [...args], { timeout: 30_000 });
}
