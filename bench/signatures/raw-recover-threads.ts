/**
 * Bare native key recovery on worker threads (raw-recover-worker.ts), the ceiling both
 * bench:sigs and bench:tps / bench:replay compare against: the digests and signatures are shared,
 * each thread recovers an equal share, and a round's rate is all of them over its wall time.
 */
import type { Worker } from "node:worker_threads";
import { startTsWorker } from "../../sequencer/signatures/ts-worker.ts";

export interface RawRecoverThreads {
  /** One round over every signature: recoveries per second. */
  round(): Promise<number>;
  stop(): Promise<void>;
}

/** `digests`: 32 bytes each; `signatures`: 65 bytes each, in shared buffers. */
export async function startRawRecoverThreads(digests: SharedArrayBuffer, signatures: SharedArrayBuffer, workers: number): Promise<RawRecoverThreads> {
  const count = digests.byteLength / 32;
  const threads: Worker[] = await Promise.all(
    Array.from({ length: workers }, async () => {
      const worker = startTsWorker(new URL("./raw-recover-worker.ts", import.meta.url), { workerData: { digests, signatures } });
      await new Promise((resolve, reject) => worker.once("message", resolve).once("error", reject));
      return worker;
    }),
  );
  const share = Math.ceil(count / workers);
  return {
    async round() {
      const start = performance.now();
      await Promise.all(
        threads.map((worker, k) => {
          const done = new Promise((resolve) => worker.once("message", resolve));
          worker.postMessage({ from: k * share, to: Math.min(count, (k + 1) * share) });
          return done;
        }),
      );
      return (count * 1000) / (performance.now() - start);
    },
    stop: async () => void (await Promise.all(threads.map((worker) => worker.terminate()))),
  };
}
