/**
 * The signed workload, cached on disk by its parameters (and the chain's signing domain) in
 * bench/results/, so signing is done once and never timed. Missing, it is planned and signed in
 * worker threads (one per core).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { startTsWorker } from "../../sequencer/signatures/ts-worker.ts";
import { TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import { planWorkload, type PlannedTx, type WorkloadParams } from "./workload-plan.ts";

export interface SignedWorkload {
  count: number;
  /** count × 146-byte SSZ Transactions (the binary path's records). */
  records: Uint8Array;
  /** count × 32-byte transaction hashes. */
  hashes: Uint8Array;
  /** count × Expectation. */
  expect: Uint8Array;
  /** count × sender account index. */
  senders: Uint32Array;
  cachePath: string;
  signedNow: boolean;
  signMs: number;
}

const RESULTS = new URL("../results/", import.meta.url);

export function workloadKey(params: WorkloadParams, separator: Uint8Array): string {
  const text = JSON.stringify({ v: 4, ...params, separator: Buffer.from(separator).toString("hex") });
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

export function signSlice(separator: Uint8Array, plan: PlannedTx[]): Promise<{ records: Uint8Array; hashes: Uint8Array }> {
  const worker = startTsWorker(new URL("./sign-worker.ts", import.meta.url), { workerData: { separator, plan } });
  return new Promise((resolve, reject) => {
    worker.once("message", (result) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once("error", reject);
  });
}

export async function loadSignedWorkload(params: WorkloadParams, separator: Uint8Array, workers = availableParallelism()): Promise<SignedWorkload> {
  mkdirSync(RESULTS, { recursive: true });
  const path = new URL(`workload-${workloadKey(params, separator)}.bin`, RESULTS);
  const count = params.txs;
  const size = count * (TRANSACTION_SIZE + 32 + 1 + 4);
  const started = performance.now();
  let bytes: Uint8Array;
  let signedNow = false;
  if (existsSync(path) && readFileSync(path).length === size) {
    bytes = new Uint8Array(readFileSync(path));
  } else {
    const plan = planWorkload(params);
    const share = Math.ceil(count / workers);
    const slices = await Promise.all(Array.from({ length: workers }, (_, k) => signSlice(separator, plan.slice(k * share, (k + 1) * share))));
    bytes = new Uint8Array(size);
    let at = 0;
    for (const slice of slices) {
      bytes.set(slice.records, at);
      at += slice.records.length;
    }
    for (const slice of slices) {
      bytes.set(slice.hashes, at);
      at += slice.hashes.length;
    }
    plan.forEach((tx, i) => (bytes[at + i] = tx.expect));
    const senders = new Uint32Array(plan.map((tx) => tx.sender));
    bytes.set(new Uint8Array(senders.buffer), at + count);
    writeFileSync(`${path.pathname}.tmp`, bytes);
    renameSync(`${path.pathname}.tmp`, path);
    signedNow = true;
  }
  const recordsEnd = count * TRANSACTION_SIZE;
  const hashesEnd = recordsEnd + count * 32;
  return {
    count,
    records: bytes.subarray(0, recordsEnd),
    hashes: bytes.subarray(recordsEnd, hashesEnd),
    expect: bytes.subarray(hashesEnd, hashesEnd + count),
    senders: new Uint32Array(bytes.slice(hashesEnd + count, hashesEnd + count + 4 * count).buffer),
    cachePath: path.pathname,
    signedNow,
    signMs: performance.now() - started,
  };
}
