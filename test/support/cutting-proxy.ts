import net from 'node:net';

/** A TCP proxy in front of one host:port that can be told to cut a connection mid-response, once. */
export interface CuttingProxy {
  /** `http://127.0.0.1:<port>`: use it in place of the target URL. */
  readonly url: string;
  /** How many connections the proxy has cut so far. */
  readonly cuts: number;
  /**
   * Arms one cut: the next connection whose server→client bytes, counted from now, pass `afterBytes` is destroyed on
   * both sides. The cut happens once; arm again for another.
   */
  armCut(options: { readonly afterBytes: number }): void;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

interface Link {
  readonly client: net.Socket;
  readonly server: net.Socket;
  /** Server→client bytes since the proxy was last armed (or since the connection opened, if later). */
  bytesSinceArmed: number;
}

/** Starts a proxy on 127.0.0.1 at a free port, forwarding to the host and port of `targetUrl`. */
export async function startCuttingProxy(targetUrl: string): Promise<CuttingProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const targetHost = target.hostname.replace(/^\[(.*)\]$/u, '$1');
  const links = new Set<Link>();
  let armed: { readonly afterBytes: number } | undefined;
  let cuts = 0;

  const server = net.createServer((client) => {
    const upstream = net.connect({ host: targetHost, port: targetPort });
    const link: Link = { client, server: upstream, bytesSinceArmed: 0 };
    links.add(link);
    const drop = (): void => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.on('data', (chunk: Buffer) => {
      link.bytesSinceArmed += chunk.length;
      if (armed !== undefined && link.bytesSinceArmed > armed.afterBytes) {
        armed = undefined;
        cuts += 1;
        // Neither side gets this chunk: the response simply stops, as when a connection drops.
        drop();
      }
    });
    client.pipe(upstream);
    upstream.pipe(client);
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
    get cuts() {
      return cuts;
    },
    armCut({ afterBytes }) {
      armed = { afterBytes };
      for (const link of links) {
        link.bytesSinceArmed = 0;
      }
    },
    close() {
      for (const link of links) {
        link.client.destroy();
        link.server.destroy();
      }
      links.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      });
    },
  };
}
