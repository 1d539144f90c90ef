/**
 * Sender recovery throughput, all in one run (`npm run bench:sigs`):
 *   1. ceiling: bare native key recovery (`recoverPublicKeyInto`) on 1 thread, and on 2 bare worker threads;
 *   2. per-transaction work on 1 thread (digest + canonical check + recovery, `recoverChunk`);
 *   3. the SignaturePool with 2 workers, end to end (copy in, chunks, reassembly), and the
 *      RecoveryBatcher on it (single records), with the main thread's busy time per transaction;
 *   4. for reference, ethers' `recoverAddress` (pure JS);
 *   5. the digest step alone: the WASM core's batch call (what workers use) against the JS path.
 * Each native figure is the median of ROUNDS interleaved rounds, and each ratio the median of the
 * per-round ratios, so load from other jobs on the machine hits both sides of a ratio alike. Table to stdout, JSON to bench/results/signatures.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { loadavg, availableParallelism } from "node:os";
import { getBytes, hexlify, recoverAddress } from "ethers";
import { transactionDigest } from "../../sequencer/protocol/eip712.ts";
import { recoverPublicKeyInto } from "../../sequencer/protocol/signature.ts";
import { TRANSACTION_SIZE, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { digestsInto } from "../../sequencer/signatures/chunk-digests.ts";
import { recoverChunk } from "../../sequencer/signatures/recover-chunk.ts";
import { SIGNATURE_OFFSET } from "../../sequencer/signatures/record-layout.ts";
import { RecoveryBatcher } from "../../sequencer/signatures/recovery-batcher.ts";
import { SignaturePool } from "../../sequencer/signatures/signature-pool.ts";
import { startRawRecoverThreads } from "./raw-recover-threads.ts";
import { recoveryContext, separator, signedBatch } from "../../test/signatures/signed-records.ts";

const COUNT = Number(process.env.SIGS ?? 6000);
const ETHERS_COUNT = Number(process.env.ETHERS_SIGS ?? 300);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const WORKERS = 2;

const { records, requests } = signedBatch(COUNT, 64);
const context = await recoveryContext();
const digests = new SharedArrayBuffer(32 * COUNT);
const signatures = new SharedArrayBuffer(65 * COUNT);
digestsInto(context, records, COUNT, new Uint8Array(digests), new Uint8Array(COUNT));
for (let i = 0; i < COUNT; i++) {
  const at = i * TRANSACTION_SIZE + SIGNATURE_OFFSET;
  new Uint8Array(signatures).set(records.subarray(at, at + 65), i * 65);
}
const digestAt = (i: number) => new Uint8Array(digests, i * 32, 32);
const signatureAt = (i: number) => new Uint8Array(signatures, i * 65, 65);

const perSecond = (count: number, ms: number) => (count * 1000) / ms;

function rawOneThread(): number {
  const key = new Uint8Array(65);
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) recoverPublicKeyInto(digestAt(i), signatureAt(i), key);
  return perSecond(COUNT, performance.now() - start);
}

/** The same digests on the JS path (`transactionDigest`, @noble/hashes), fields decoded beforehand. */
const fields = requests.map((r) => ({
  kind: r.type === "transfer" ? TxKind.transfer : TxKind.withdraw,
  to: getBytes(r.type === "transfer" ? r.to : r.recipient),
  amount: r.amount,
  fee: r.fee,
  nonce: r.nonce,
}));
function jsDigests(): number {
  const scratch = new Uint8Array(160);
  const start = performance.now();
  for (const tx of fields) transactionDigest(separator, tx, scratch);
  return perSecond(COUNT, performance.now() - start);
}

function wasmDigests(): number {
  const out = new Uint8Array(32 * COUNT);
  const statuses = new Uint8Array(COUNT);
  const start = performance.now();
  for (let first = 0; first < COUNT; first += 512) {
    const count = Math.min(512, COUNT - first);
    digestsInto(context, records.subarray(first * TRANSACTION_SIZE), count, out.subarray(first * 32), statuses);
  }
  return perSecond(COUNT, performance.now() - start);
}

function workOneThread(): number {
  const start = performance.now();
  recoverChunk(context, records, COUNT);
  return perSecond(COUNT, performance.now() - start);
}

const rawWorkers = await startRawRecoverThreads(digests, signatures, WORKERS);
const rawWorkerThreads = () => rawWorkers.round();

const pool = new SignaturePool({ separator, workers: WORKERS });
const batcher = new RecoveryBatcher(pool);
/** Main-thread busy time per transaction (event-loop utilization × wall time) of the last pool run. */
const mainThreadMicros = { pool: [] as number[], batcher: [] as number[] };

async function timed(kind: "pool" | "batcher", run: () => Promise<unknown>): Promise<number> {
  const before = performance.eventLoopUtilization();
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  mainThreadMicros[kind].push((performance.eventLoopUtilization(before).active * 1000) / COUNT);
  return perSecond(COUNT, ms);
}

const poolRate = () => timed("pool", () => pool.recover(records, COUNT));
/** The JSON-RPC path: COUNT single records submitted in one turn, coalesced by the batcher. */
const batcherRate = () =>
  timed("batcher", () => Promise.all(Array.from({ length: COUNT }, (_, i) => batcher.recoverOne(records.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE)))));

function ethersRate(): number {
  const items = Array.from({ length: ETHERS_COUNT }, (_, i) => ({ digest: hexlify(digestAt(i)), signature: hexlify(signatureAt(i)) }));
  const start = performance.now();
  for (const { digest, signature } of items) recoverAddress(digest, signature);
  return perSecond(ETHERS_COUNT, performance.now() - start);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const samples = { raw1: [] as number[], work1: [] as number[], raw2: [] as number[], pool: [] as number[], batcher: [] as number[], wasmDigests: [] as number[], jsDigests: [] as number[] };
try {
  await poolRate(); // warm-up: workers loaded and JIT-compiled
  await rawWorkerThreads();
  rawOneThread();
  for (let round = 0; round < ROUNDS; round++) {
    samples.raw1.push(rawOneThread());
    samples.work1.push(workOneThread());
    samples.raw2.push(await rawWorkerThreads());
    samples.pool.push(await poolRate());
    samples.batcher.push(await batcherRate());
    samples.wasmDigests.push(wasmDigests());
    samples.jsDigests.push(jsDigests());
  }
} finally {
  await pool.close();
  await rawWorkers.stop();
}
const ethers = ethersRate();

const raw1 = median(samples.raw1);
const work1 = median(samples.work1);
const raw2 = median(samples.raw2);
const pooled = median(samples.pool);
/** Ratios are taken within each round (same load), then the median over rounds. */
const perRound = (f: (round: number) => number) => median(samples.pool.map((_, round) => f(round)));
const ratios = {
  bareWorkersOverOneThread: perRound((r) => samples.raw2[r]! / samples.raw1[r]!),
  workOverRecoverOnly: perRound((r) => samples.work1[r]! / samples.raw1[r]!),
  poolOfBareWorkerCeiling: perRound((r) => samples.pool[r]! / samples.raw2[r]!),
  poolOfTwiceOneThread: perRound((r) => samples.pool[r]! / (WORKERS * samples.raw1[r]!)),
  batcherOverPool: perRound((r) => samples.batcher[r]! / samples.pool[r]!),
  poolOverEthers: pooled / ethers,
  wasmOverJsDigests: perRound((r) => samples.wasmDigests[r]! / samples.jsDigests[r]!),
};
const rows: [string, number, string][] = [
  ["native key recovery, 1 thread (ceiling per thread)", raw1, "1×"],
  [`native key recovery, ${WORKERS} bare worker threads (ceiling)`, raw2, `${ratios.bareWorkersOverOneThread.toFixed(2)}× of 1 thread`],
  ["digest + check + recover (recoverChunk), 1 thread", work1, `${ratios.workOverRecoverOnly.toFixed(2)}× of 1 thread`],
  [`SignaturePool, ${WORKERS} workers, end to end`, pooled, `${ratios.poolOfBareWorkerCeiling.toFixed(2)} of the ${WORKERS}-thread ceiling, ${ratios.poolOfTwiceOneThread.toFixed(2)} of ${WORKERS}× 1 thread; main thread ${median(mainThreadMicros.pool).toFixed(1)} µs/tx`],
  [`RecoveryBatcher (single records, one turn) on the pool`, median(samples.batcher), `${ratios.batcherOverPool.toFixed(2)}× the pool's rate; main thread ${median(mainThreadMicros.batcher).toFixed(1)} µs/tx`],
  ["ethers recoverAddress (pure JS), 1 thread", ethers, `pool is ${ratios.poolOverEthers.toFixed(1)}× this`],
  ["digests only: WASM eip712DigestsInto, chunks of 512", median(samples.wasmDigests), `${ratios.wasmOverJsDigests.toFixed(1)}× the JS path`],
  ["digests only: JS transactionDigest (@noble/hashes)", median(samples.jsDigests), "1×"],
];
const load = loadavg().map((l) => l.toFixed(2)).join(" ");
console.log(`sender recovery: ${COUNT.toLocaleString("en-US")} signed transfers/withdrawals, median of ${ROUNDS} interleaved rounds; ${availableParallelism()} cores, load average ${load}`);
for (const [name, rate, note] of rows) console.log(`${name.padEnd(58)} ${Math.round(rate).toLocaleString("en-US").padStart(8)} /s   ${note}`);

const result = {
  bench: "signatures",
  date: new Date().toISOString(),
  node: process.version,
  cores: availableParallelism(),
  loadAverage: loadavg(),
  transactions: COUNT,
  rounds: ROUNDS,
  workers: WORKERS,
  perSecond: {
    nativeOneThread: raw1,
    nativeBareWorkers: raw2,
    workOneThread: work1,
    pool: pooled,
    ethersRecoverAddress: ethers,
    wasmDigests: median(samples.wasmDigests),
    jsDigests: median(samples.jsDigests),
  },
  samples,
  mainThreadMicrosPerTransaction: { pool: median(mainThreadMicros.pool), batcher: median(mainThreadMicros.batcher) },
  ratios,
};
mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
writeFileSync(new URL("../results/signatures.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log("JSON: bench/results/signatures.json");
