/**
 * Bench-only worker: the bare ceiling, native libsecp256k1 public-key recovery
 * (`recoverPublicKeyInto`) in a loop over shared precomputed digests and signatures, with no pool,
 * chunking, digest or address-hashing work. Replies with its wall time.
 */
import { parentPort, workerData } from "node:worker_threads";
import { recoverPublicKeyInto } from "../../sequencer/protocol/signature.ts";

const { digests, signatures } = workerData as { digests: SharedArrayBuffer; signatures: SharedArrayBuffer };
const digestBytes = new Uint8Array(digests);
const signatureBytes = new Uint8Array(signatures);

parentPort!.on("message", ({ from, to }: { from: number; to: number }) => {
  const key = new Uint8Array(65);
  const start = performance.now();
  for (let i = from; i < to; i++) recoverPublicKeyInto(digestBytes.subarray(i * 32, i * 32 + 32), signatureBytes.subarray(i * 65, i * 65 + 65), key);
  parentPort!.postMessage(performance.now() - start);
});
parentPort!.postMessage("ready");
