/**
 * A userspace link shaper: a loopback TCP proxy in front of an HTTP endpoint (the sandbox's S3) whose two directions
 * each have one token bucket shared by every connection, and a fixed one-way delay (half the round trip) each way.
 *
 * Each side's socket is read only while its lane's backlog is small, and a lane whose receiver stops reading gets no
 * link time, so back-pressure behaves as TCP windows would on a real link.
 */
import net, { type AddressInfo, type Socket } from 'node:net';
import { type Clock, realClock } from './clock.js';
import type { LinkProfile } from './profiles.js';
import { BACKLOG_HIGH_BYTES, type Lane, type ShapedDirection, createShapedDirection } from './shaped-direction.js';

export interface Shaper {
  /** http://127.0.0.1:PORT, to put in AWS_ENDPOINT_URL_S3. */
  readonly url: string;
  /** Bytes that crossed each way so far. */
  traffic(): { readonly downBytes: number; readonly upBytes: number };
  close(): Promise<void>;
}

export async function startShaper(target: string, profile: LinkProfile, clock: Clock = realClock): Promise<Shaper> {
  const { hostname, port } = new URL(target);
  const oneWayMs = profile.roundTripMs / 2;
  const rate = (bits: number | undefined): number => (bits === undefined ? Infinity : bits / 8);
  const down = createShapedDirection({ bytesPerSecond: rate(profile.downBitsPerSecond), delayMs: oneWayMs, clock });
  const up = createShapedDirection({ bytesPerSecond: rate(profile.upBitsPerSecond), delayMs: oneWayMs, clock });
  const sockets = new Set<Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const upstream = net.connect({ port: Number(port), host: hostname, allowHalfOpen: true });
    sockets.add(client).add(upstream);
    let endsDelivered = 0;
    const lanes: Lane[] = [];
    const closeBoth = (): void => {
      lanes.forEach((lane) => lane.close());
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    const onEndDelivered = (): void => {
      endsDelivered += 1;
      if (endsDelivered === 2) {
        closeBoth();
      }
    };
    lanes.push(relay(client, upstream, up, onEndDelivered), relay(upstream, client, down, onEndDelivered));
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
    traffic: () => ({ downBytes: down.sentBytes(), upBytes: up.sentBytes() }),
    close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Carries `from`'s bytes to `to` through one lane of `direction`. */
function relay(from: Socket, to: Socket, direction: ShapedDirection, onEndDelivered: () => void): Lane {
  let waitingForDrain = false;
  const lane = direction.openLane({
    deliver(chunk) {
      // Bytes already on the link still arrive while the receiver is full; one drain reopens the lane.
      if (!to.destroyed && !to.write(chunk) && !waitingForDrain) {
        waitingForDrain = true;
        lane.setBlocked(true);
        to.once('drain', () => {
          waitingForDrain = false;
          lane.setBlocked(false);
        });
      }
    },
    end() {
      if (!to.destroyed) {
        to.end();
      }
      onEndDelivered();
    },
    drained() {
      if (from.isPaused()) {
        from.resume();
      }
    },
  });
  from.on('data', (chunk: Buffer) => {
    lane.send(chunk);
    if (lane.backlogBytes() > BACKLOG_HIGH_BYTES) {
      from.pause();
    }
  });
  from.on('end', () => lane.end());
  return lane;
}
