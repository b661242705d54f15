import { type ProxiedSockets, startTcpProxy } from './tcp-proxy.js';

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

interface Link extends ProxiedSockets {
  /** Server→client bytes since the proxy was last armed (or since the connection opened, if later). */
  bytesSinceArmed: number;
}

/** Starts a proxy on 127.0.0.1 at a free port, forwarding to the host and port of `targetUrl`. */
export async function startCuttingProxy(targetUrl: string): Promise<CuttingProxy> {
  let armed: { readonly afterBytes: number } | undefined;
  let cuts = 0;

  const proxy = await startTcpProxy(targetUrl, (sockets): Link => {
    const link: Link = { ...sockets, bytesSinceArmed: 0 };
    sockets.upstream.on('data', (chunk: Buffer) => {
      link.bytesSinceArmed += chunk.length;
      if (armed !== undefined && link.bytesSinceArmed > armed.afterBytes) {
        armed = undefined;
        cuts += 1;
        // Neither side gets this chunk: the response simply stops, as when a connection drops.
        sockets.drop();
      }
    });
    sockets.client.pipe(sockets.upstream);
    sockets.upstream.pipe(sockets.client);
    return link;
  });

  return {
    url: proxy.url,
    get cuts() {
      return cuts;
    },
    armCut({ afterBytes }) {
      armed = { afterBytes };
      for (const link of proxy.links) {
        link.bytesSinceArmed = 0;
      }
    },
    close: () => proxy.close(),
  };
}
