/**
 * Asks V8 to collect garbage every so many bytes (or items) a long job has processed, where V8's own timing lets
 * memory float.
 *
 * V8 frees a Buffer's memory only when it collects the object that owns it. A quick young-generation collection
 * frees buffers that died young; one that survives two of them is promoted to the old generation, which V8 collects
 * when its heuristics say: for memory outside the JavaScript heap, once that has grown by 64 MiB since the last full
 * collection. A job that goes through a fresh megabyte buffer or two an item therefore floats tens of MiB of buffers
 * it no longer uses. Collecting the young generation as each item is done frees them before they are promoted: a
 * millisecond or so each. A full collection (`'major'`) also frees promoted ones but is far dearer (it also drops
 * compiled code); docs/benchmarks.md, "Memory — 2026-12-03", has both measured.
 *
 * The collection function is V8's `gc`, which Node gives only with `--expose-gc`; the flag is set from here at run
 * time (it cannot be given to a worker, nor to Electron's main process, on a command line). Where that is refused,
 * pacing does nothing and memory behaves as it did.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export type Collect = (options?: { readonly type?: 'major' | 'minor'; readonly execution?: 'sync' | 'async' }) => void;

let collector: Collect | null | undefined;

function gcFunction(): Collect | undefined {
  if (collector === undefined) {
    const exposed = (globalThis as { gc?: Collect }).gc;
    try {
      if (exposed === undefined) {
        setFlagsFromString('--expose-gc');
      }
      // A new context gets the gc function the flag now exposes, without putting it on this context's global.
      collector = exposed ?? (runInNewContext('gc') as Collect);
    } catch {
      collector = null;
    }
  }
  return collector ?? undefined;
}

export interface MemoryPacer {
  /** Counts bytes processed; collects once `everyBytes` have gone by since the last collection. */
  processed(bytes: number): void;
}

/** `collect`: V8's gc unless a test gives its own, or null for none. */
export function memoryPacer(everyBytes: number, type: 'major' | 'minor' = 'major', given?: Collect | null): MemoryPacer {
  const collect = given === undefined ? gcFunction() : (given ?? undefined);
  let since = 0;
  return {
    processed(bytes) {
      since += bytes;
      if (since >= everyBytes && collect !== undefined) {
        since = 0;
        // Node 20's V8 runs a young-generation collection for gc({ type: 'major' }): only gc() with no options is full.
        if (type === 'major') {
          collect();
        } else {
          collect({ type: 'minor', execution: 'sync' });
        }
      }
    },
  };
}
