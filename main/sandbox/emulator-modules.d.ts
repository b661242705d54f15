// The emulators ship no type declarations; these cover only what the sandbox uses.
declare module 'dynalite' {
  import type { Server } from 'node:http';
  interface DynaliteOptions {
    readonly path?: string;
    readonly createTableMs?: number;
    readonly deleteTableMs?: number;
    readonly updateTableMs?: number;
  }
  function dynalite(options: DynaliteOptions): Server;
  export default dynalite;
}

// The sandbox no longer runs s3rver (its S3 is ./s3/server.ts); the declaration stays while the package is a
// dependency, for the lint rule's probes that name it.
declare module 's3rver' {
  interface S3rverOptions {
    readonly port: number;
    readonly address: string;
    readonly silent: boolean;
    readonly directory: string;
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ readonly address: string; readonly port: number }>;
    close(): Promise<void>;
  }
}
