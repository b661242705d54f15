import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { Result } from '../../common/result.js';
import { systemErrorCode } from '../errors.js';

/** What the SDK's HTTPS connections need on a corporate network: extra trusted roots and an HTTP CONNECT proxy. */
export interface NetworkOptions {
  /** A PEM file with one or more CA certificates trusted in addition to Node's built-in roots. */
  readonly caBundlePath?: string;
  /** An `http://` or `https://` proxy that HTTPS requests are tunnelled through (HTTP CONNECT). */
  readonly proxyUrl?: string;
  /** Sockets kept per host, as the SDK's own handler does (its default is 50). */
  readonly maxSockets: number;
}

/** A CA bundle or proxy setting that cannot be used, said in words an IT administrator can act on. */
export interface NetworkError {
  readonly code: 'invalid-ca-bundle' | 'invalid-proxy';
  readonly message: string;
}

interface AgentOptions {
  readonly keepAlive: boolean;
  readonly maxSockets: number;
  readonly ca?: string[];
}

/** Builds one HTTPS agent per call: a fresh agent for each SDK client, so destroying one client never breaks another. */
export type HttpsAgentFactory = () => Agent;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * The HTTPS agent for the SDK's `NodeHttpHandler`: Node's roots plus the bundle, through the proxy when one is set.
 *
 * Electron's `nodeOptions` fuse is off, so `NODE_EXTRA_CA_CERTS` is ignored and the main process trusts only Node's
 * bundled Mozilla roots: behind a TLS-inspecting proxy every AWS call fails unless the organisation's root is given
 * here. Giving `ca` replaces Node's list, which is why the built-in roots are added back.
 */
export async function httpsAgentFor(options: NetworkOptions): Promise<Result<Agent, NetworkError>> {
  const factory = await httpsAgentFactory(options);
  return factory.ok ? { ok: true, value: (factory.value ?? plainAgent(options.maxSockets))() } : factory;
}

/**
 * Reads the bundle once and checks the proxy URL, then hands out agents.
 *
 * `undefined` when neither a bundle nor a proxy is set, so the SDK keeps its own defaults untouched.
 */
export async function httpsAgentFactory(options: NetworkOptions): Promise<Result<HttpsAgentFactory | undefined, NetworkError>> {
  const proxy = options.proxyUrl === undefined ? undefined : parseProxyUrl(options.proxyUrl);
  if (proxy !== undefined && !proxy.ok) {
    return proxy;
  }
  const bundle = options.caBundlePath === undefined ? undefined : await readCaBundle(options.caBundlePath);
  if (bundle !== undefined && !bundle.ok) {
    return bundle;
  }
  if (proxy === undefined && bundle === undefined) {
    return { ok: true, value: undefined };
  }
  const ca = bundle === undefined ? undefined : [...rootCertificates, ...bundle.value];
  const agentOptions: AgentOptions = { keepAlive: true, maxSockets: options.maxSockets, ...(ca === undefined ? {} : { ca }) };
  if (proxy === undefined) {
    return { ok: true, value: () => new Agent(agentOptions) };
  }
  // It subclasses http.Agent, not https.Agent; the SDK takes any agent with destroy() (NodeHttpHandler checks just that).
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  return { ok: true, value: () => new TunnellingAgent(proxy.value, agentOptions) };
}

/**
 * An HTTP CONNECT proxy agent that checks the AWS endpoint's certificate against the same roots as the proxy's.
 *
 * https-proxy-agent applies its constructor's TLS options only to an https:// proxy itself; inside the tunnel it uses
 * the request's options, and the SDK gives no way to add `ca` to those (TooTallNate/proxy-agents#89, #194). `connect()`
 * is agent-base's extension point, so the roots are added there.
 */
class TunnellingAgent extends HttpsProxyAgent<string> {
  private readonly endpointTls: { readonly ca?: string[] };

  // The constructor's `ca` covers an https:// proxy; `endpointTls` covers the AWS endpoint inside the tunnel.
  constructor(proxy: URL, options: AgentOptions) {
    super(proxy, options);
    this.endpointTls = options.ca === undefined ? {} : { ca: options.ca };
  }

  override connect(...[request, options]: Parameters<HttpsProxyAgent<string>['connect']>): ReturnType<HttpsProxyAgent<string>['connect']> {
    return super.connect(request, { ...options, ...this.endpointTls });
  }
}

/**
 * Reads a PEM bundle: every `BEGIN CERTIFICATE` block, each parsed so a damaged one is reported by position.
 *
 * Accepts a UTF-8 byte order mark and CRLF line ends (Windows' "Base-64 encoded X.509 (.CER)" export); DER files are
 * refused with the command that converts them.
 */
export async function readCaBundle(path: string): Promise<Result<ReadonlyArray<string>, NetworkError>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return bundleError(path, readFailure(error));
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    const der = bytes[0] === 0x30;
    return bundleError(
      path,
      der
        ? 'is a binary (DER) certificate; convert it to PEM first, for example: openssl x509 -inform der -in root.cer -out root.pem'
        : 'holds no PEM certificate (a block starting with -----BEGIN CERTIFICATE-----)',
    );
  }
  const certificates: string[] = [];
  for (const [index, block] of blocks.entries()) {
    try {
      certificates.push(new X509Certificate(block).toString());
    } catch (error) {
      return bundleError(path, `has a damaged certificate (number ${index + 1} of ${blocks.length}): ${messageOf(error)}`);
    }
  }
  return { ok: true, value: certificates };
}

function parseProxyUrl(value: string): Result<URL, NetworkError> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    const shown = value.replace(/\/\/[^/@]*@/, '//…@');
    return { ok: false, error: { code: 'invalid-proxy', message: `The proxy URL "${shown}" is not a URL. Use one such as "http://proxy.example.nhs.uk:8080".` } };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    return {
      ok: false,
      error: { code: 'invalid-proxy', message: `The proxy URL "${redact(url)}" must start with http:// or https:// and name a host, such as "http://proxy.example.nhs.uk:8080".` },
    };
  }
  return { ok: true, value: url };
}

function plainAgent(maxSockets: number): HttpsAgentFactory {
  return () => new Agent({ keepAlive: true, maxSockets });
}

function bundleError(path: string, problem: string): { readonly ok: false; readonly error: NetworkError } {
  return {
    ok: false,
    error: {
      code: 'invalid-ca-bundle',
      message: `The CA bundle "${path}" ${problem}. It should be a PEM file with your organisation's root certificate(s).`,
    },
  };
}

function readFailure(error: unknown): string {
  const code = systemErrorCode(error);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    default:
      return `cannot be read: ${messageOf(error)}`;
  }
}

// A proxy URL may carry credentials (http://user:password@host); they never go into a message.
function redact(url: URL): string {
  const copy = new URL(url.href);
  copy.username = copy.username === '' ? '' : '…';
  copy.password = copy.password === '' ? '' : '…';
  return copy.href;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
