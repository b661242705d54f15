import net from 'node:net';

/** One client's connection through the proxy and the proxy's own connection on to the target. */
export interface ProxiedSockets {
  readonly client: net.Socket;
  readonly upstream: net.Socket;
  /** Destroys both sockets and forgets the connection. */
  drop(): void;
}

export interface TcpProxy<Link extends ProxiedSockets> {
  /** `http://127.0.0.1:<port>`: use it in place of the target URL. */
  readonly url: string;
  /** The connections open now, each as `connect` made it. */
  readonly links: Iterable<Link>;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

/**
 * Starts a proxy on 127.0.0.1 at a free port that connects each client to the host and port of `targetUrl`.
 *
 * An error or close on either socket drops both. `connect` moves the bytes between them, each proxy in its own way,
 * and returns the connection with whatever state it keeps.
 */
export async function startTcpProxy<Link extends ProxiedSockets>(targetUrl: string, connect: (sockets: ProxiedSockets) => Link): Promise<TcpProxy<Link>> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const targetHost = target.hostname.replace(/^\[(.*)\]$/u, '$1');
  const links = new Map<net.Socket, Link>();

  const server = net.createServer((client) => {
    const upstream = net.connect({ host: targetHost, port: targetPort });
    const drop = (): void => {
      links.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    links.set(client, connect({ client, upstream, drop }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get links() {
      return links.values();
    },
    close() {
      for (const link of links.values()) {
        link.client.destroy();
        link.upstream.destroy();
      }
      links.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      });
    },
  };
}
