import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinkProfile } from '../../../../bench/link/profiles.js';
import { type Shaper, startShaper } from '../../../../bench/link/shaper.js';

// Fast enough for a unit test, slow enough that the buckets and delays are in the path.
const FAST: LinkProfile = { name: 'practice', description: 'test', downBitsPerSecond: 400_000_000, upBitsPerSecond: 200_000_000, roundTripMs: 2 };

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('startShaper', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  async function echoServer(): Promise<string> {
    // Answers a PUT with the SHA-256 of what it received, and a GET with the bytes its path names.
    const served = new Map<string, Buffer>();
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.method === 'PUT') {
          const body = Buffer.concat(chunks);
          served.set(request.url ?? '', body);
          response.end(sha(body));
        } else {
          response.end(served.get(request.url ?? '') ?? Buffer.alloc(0));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async function shaperFor(target: string): Promise<Shaper> {
    const shaper = await startShaper(target, FAST);
    closers.unshift(() => shaper.close());
    return shaper;
  }

  function request(url: string, method: string, body?: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const outgoing = http.request(url, { method, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks)));
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  it('carries every byte both ways intact, several connections at once', async () => {
    const shaper = await shaperFor(await echoServer());
    const bodies = [randomBytes(3_000_000), randomBytes(1_000_000), randomBytes(10)];
    const hashes = await Promise.all(bodies.map((body, index) => request(`${shaper.url}/object-${index}`, 'PUT', body)));
    expect(hashes.map(String)).toEqual(bodies.map(sha));
    const back = await Promise.all(bodies.map((_, index) => request(`${shaper.url}/object-${index}`, 'GET')));
    expect(back.map(sha)).toEqual(bodies.map(sha));
  });

  it('counts what crossed each way', async () => {
    const shaper = await shaperFor(await echoServer());
    await request(`${shaper.url}/a`, 'PUT', randomBytes(500_000));
    await request(`${shaper.url}/a`, 'GET');
    const { downBytes, upBytes } = shaper.traffic();
    expect(upBytes).toBeGreaterThanOrEqual(500_000);
    expect(downBytes).toBeGreaterThanOrEqual(500_000);
    expect(upBytes).toBeLessThan(600_000);
    expect(downBytes).toBeLessThan(600_000);
  });
});
