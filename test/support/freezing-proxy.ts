import { type ProxiedSockets, startTcpProxy } from './tcp-proxy.js';

// A TCP proxy in front of one host:port that can freeze: connections stay open and pass no byte either way, as a
// stalled network or a frozen endpoint does. It also keeps the request lines it saw, to count a client's attempts.

export interface FreezingProxy {
  /** `http://127.0.0.1:<port>`: use it in place of the target URL. */
  readonly url: string;
  /** The request lines (`GET /bucket/key?… HTTP/1.1`) clients sent to the proxy, in order, frozen or not. */
  readonly requests: ReadonlyArray<string>;
  /** Whether anything has frozen yet. */
  readonly frozen: boolean;
  /** From now on no connection, open or new, passes a byte; new ones are still accepted, as a frozen endpoint does. */
  freezeAll(): void;
  /** The next connection whose server→client bytes, counted from now, pass `afterBytes` freezes (that one alone). */
  freezeOneAfter(options: { readonly afterBytes: number }): void;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

interface Link extends ProxiedSockets {
  bytesSinceArmed: number;
  frozen: boolean;
}

const REQUEST_LINE = /^(?:GET|PUT|POST|DELETE|HEAD) \S+ HTTP\/1\.1$/gmu;

/** Starts a proxy on 127.0.0.1 at a free port, forwarding to the host and port of `targetUrl`. */
export async function startFreezingProxy(targetUrl: string): Promise<FreezingProxy> {
  const requests: string[] = [];
  let allFrozen = false;
  let armed: { readonly afterBytes: number } | undefined;
  let anyFrozen = false;

  const freeze = (link: Link): void => {
    link.frozen = true;
    anyFrozen = true;
  };

  // Not piped: frozen bytes are swallowed, not buffered, so the other side sees silence on an open socket.
  const proxy = await startTcpProxy(targetUrl, (sockets): Link => {
    const { client, upstream } = sockets;
    const link: Link = { ...sockets, bytesSinceArmed: 0, frozen: allFrozen };
    client.on('data', (chunk: Buffer) => {
      requests.push(...(chunk.toString('latin1').match(REQUEST_LINE) ?? []));
      if (!link.frozen) {
        upstream.write(chunk);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      link.bytesSinceArmed += chunk.length;
      if (armed !== undefined && link.bytesSinceArmed > armed.afterBytes) {
        armed = undefined;
        freeze(link);
      }
      if (!link.frozen) {
        client.write(chunk);
      }
    });
    return link;
  });

  return {
    url: proxy.url,
    requests,
    get frozen() {
      return anyFrozen;
    },
    freezeAll() {
      allFrozen = true;
      for (const link of proxy.links) {
        freeze(link);
      }
      anyFrozen = true;
    },
    freezeOneAfter({ afterBytes }) {
      armed = { afterBytes };
      for (const link of proxy.links) {
        link.bytesSinceArmed = 0;
      }
    },
    close: () => proxy.close(),
  };
}
