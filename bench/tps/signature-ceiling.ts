/**
 * The signature-check ceiling of this machine, measured in the load run itself: bare native key
 * recovery (`recoverPublicKeyInto`) on `workers` threads (bench/signatures' raw-recover-worker, no pool), over the
 * workload's own valid signatures and digests. Median of `rounds` rounds.
 */
import { startRawRecoverThreads } from "../signatures/raw-recover-threads.ts";
import { TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import { Expectation } from "./workload-plan.ts";
import type { SignedWorkload } from "./signed-workload.ts";

const SIGNATURE_OFFSET = 81;

export async function measureRecoveryCeiling(workload: SignedWorkload, workers: number, sample = 12_000, rounds = 3): Promise<{ perSecond: number; rounds: number[] }> {
  const picked: number[] = [];
  for (let i = 0; i < workload.count && picked.length < sample; i++) if (workload.expect[i] === Expectation.valid) picked.push(i);
  const digests = new Uint8Array(32 * picked.length);
  const signatures = new Uint8Array(65 * picked.length);
  picked.forEach((i, k) => {
    digests.set(workload.hashes.subarray(i * 32, i * 32 + 32), k * 32);
    const at = i * TRANSACTION_SIZE + SIGNATURE_OFFSET;
    signatures.set(workload.records.subarray(at, at + 65), k * 65);
  });
  return measureRawRecoveryCeiling(digests, signatures, workers, rounds);
}

/** The same measurement over given digests (32 bytes each) and their 65-byte signatures, all valid (e.g. the follower replay's history). */
export async function measureRawRecoveryCeiling(digestBytes: Uint8Array, signatureBytes: Uint8Array, workers: number, rounds = 3): Promise<{ perSecond: number; rounds: number[] }> {
  const digests = new SharedArrayBuffer(digestBytes.length);
  const signatures = new SharedArrayBuffer(signatureBytes.length);
  new Uint8Array(digests).set(digestBytes);
  new Uint8Array(signatures).set(signatureBytes);
  const threads = await startRawRecoverThreads(digests, signatures, workers);
  const round = () => threads.round();
  try {
    await round(); // warm-up
    const samples: number[] = [];
    for (let r = 0; r < rounds; r++) samples.push(await round());
    const sorted = [...samples].sort((a, b) => a - b);
    return { perSecond: sorted[Math.floor(sorted.length / 2)]!, rounds: samples };
  } finally {
    await threads.stop();
  }
}
