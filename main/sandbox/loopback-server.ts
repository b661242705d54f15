/** Listening on a free loopback port and stopping again, for every server the sandbox runs in this process. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** Listens on a free port of 127.0.0.1. */
export function listenOnLoopback(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
}

/** Stops accepting, drops the connections still open (keep-alive sockets would hold the close), and waits. */
export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/** The http:// URL a listening server answers on. */
export function urlOf(server: Server): string {
  const { port } = server.address() as AddressInfo;
  return `http://${LOOPBACK}:${port}`;
}
