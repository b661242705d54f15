import net, { type AddressInfo, type Socket } from 'node:net';

/** A loopback TCP proxy that delivers every byte sent towards the server `delayMs` late. */
export interface DelayProxy {
  readonly url: string;
  close(): Promise<void>;
}

// Bytes the proxy may hold for one connection before it stops reading from the client.
const MAX_QUEUED_BYTES = 32 * 1024 * 1024;

/**
 * Starts a proxy in front of `target` (an http://host:port URL) that adds `delayMs` to every request.
 *
 * Data from client to server is held for `delayMs` and then passed on in order, so each request (and each part of a
 * request body) reaches the server that much later; responses flow back undelayed. Bulk throughput is unchanged, only
 * the per-request latency grows, which is what a distant S3 endpoint adds to each GET and each part PUT.
 */
export async function startDelayProxy(target: string, delayMs: number): Promise<DelayProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    relayDelayed(client, upstream, delayMs);
    upstream.pipe(client);
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', closeBoth).on('close', closeBoth);
    upstream.on('error', closeBoth).on('close', closeBoth);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function relayDelayed(from: Socket, to: Socket, delayMs: number): void {
  const queue: Array<{ readonly due: number; readonly chunk: Buffer }> = [];
  let queued = 0;
  let timer: NodeJS.Timeout | undefined;
  let waitingForDrain = false;
  let ended = false;

  const pump = (): void => {
    timer = undefined;
    const now = performance.now();
    while (!waitingForDrain && queue.length > 0 && (queue[0]?.due ?? Infinity) <= now) {
      const { chunk } = queue.shift() as { chunk: Buffer };
      queued -= chunk.length;
      if (!to.write(chunk)) {
        waitingForDrain = true;
        to.once('drain', () => {
          waitingForDrain = false;
          pump();
        });
      }
    }
    if (queued <= MAX_QUEUED_BYTES && from.isPaused()) {
      from.resume();
    }
    if (queue.length === 0 && ended) {
      to.end();
      return;
    }
    schedule();
  };
  const schedule = (): void => {
    const next = queue[0];
    if (timer === undefined && !waitingForDrain && next !== undefined) {
      timer = setTimeout(pump, Math.max(0, next.due - performance.now()));
    }
  };

  from.on('data', (chunk: Buffer) => {
    queue.push({ due: performance.now() + delayMs, chunk });
    queued += chunk.length;
    if (queued > MAX_QUEUED_BYTES) {
      from.pause();
    }
    schedule();
  });
  from.on('end', () => {
    ended = true;
    if (queue.length === 0) {
      to.end();
    }
  });
}
