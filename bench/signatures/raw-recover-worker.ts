/**
 * Bench-only worker: the bare ceiling, `recoverSigner` in a loop over shared precomputed
 * digests and signatures, with no pool, chunking or digest work. Replies with its wall time.
 */
import { parentPort, workerData } from "node:worker_threads";
import { recoverSigner } from "../../sequencer/protocol/signature.ts";

const { digests, signatures } = workerData as { digests: SharedArrayBuffer; signatures: SharedArrayBuffer };
const digestBytes = new Uint8Array(digests);
const signatureBytes = new Uint8Array(signatures);

parentPort!.on("message", ({ from, to }: { from: number; to: number }) => {
  const start = performance.now();
  for (let i = from; i < to; i++) recoverSigner(digestBytes.subarray(i * 32, i * 32 + 32), signatureBytes.subarray(i * 65, i * 65 + 65));
  parentPort!.postMessage(performance.now() - start);
});
parentPort!.postMessage("ready");
