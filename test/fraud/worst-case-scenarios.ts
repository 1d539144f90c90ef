/**
 * The worst case of each fraud-proof kind (docs/fraud-proofs.md §1 "Why K = 32", §3 limits), as
 * batches and forgeries, shared by test/fraud/worst-case-gas.test.ts (on the module harnesses) and
 * `npm run bench:gas` (bench/gas/proof-gas.ts, through a real Rollup): the chunk proof of 32
 * transfers between 64 distinct accounts plus the fee account (StateRoot: every check, both
 * multiproofs and the tx subtree run), a chunk of 32 queue messages, one signature proof at a full
 * chunk's last position, the txRoot proof of the batch with the most chunks the commit limits allow,
 * the exitRoot proof of the most withdrawals one batch holds (1,500 no longer fit: 148 KB of data,
 * which commitBatches and the node's framing reader refuse), and proveExitRoot at the commit limits
 * (128 KB of data, 256 queue messages), its most expensive input.
 */
import { loftDomain } from "../../sequencer/protocol/eip712.ts";
import type { Account } from "../../sequencer/protocol/ssz-types.ts";
import type { ProofFunction } from "../../sequencer/fraud/prover-calls.ts";
import { MAX_DATA_BYTES, MAX_QUEUE_MESSAGES } from "../../sequencer/batch-data/format.ts";
import { encodeChunk, type ChunkEntry, type RecordEntry } from "./chunk-encoder.ts";
import { actor, batchData, buildHonestBatch, repost, withChunk, withExecutedChunk, withSegment, type BatchPlace, type HonestBatch, type Intent, type PostedBatch } from "./batch-fixture.ts";
import { CHAIN_ID, ETH } from "./scenario.ts";

/** EIP-7825: the most gas one L1 transaction may use (Osaka). */
export const GAS_CAP = 2n ** 24n;
export { MAX_DATA_BYTES, MAX_QUEUE_MESSAGES };

/** Accounts 0 (fee) … 64, each of 1–64 with 10 ETH. */
export const genesis65: Account[] = Array.from({ length: 65 }, (_, i) => ({ address: actor(i).address, balance: i === 0 ? 0n : 10n * ETH, nonce: 3 }));

const honestOf = (address: string, intents: Intent[], place: BatchPlace) => buildHonestBatch(genesis65, intents, loftDomain(CHAIN_ID, address), place);

/** 32 transfers i → 32 + i (i = 1…32) with fees: 64 distinct accounts and the fee account. */
export function distinctTransfers(address: string, place: BatchPlace = {}): HonestBatch {
  const intents: Intent[] = Array.from({ length: 32 }, (_, k) => ({
    type: "transfer", from: actor(1 + k), to: actor(33 + k).address, amount: 123_456_789_012_345_678n + BigInt(k), fee: 21_000_000_000_001n,
  }));
  return honestOf(address, intents, place);
}

const withdrawalAmount = (k: number) => 1_000_000_007n + BigInt(k);
const WITHDRAWAL_FEE = 21_000_000_001n;

/** `count` withdrawals from senders 1–64 in turn (each record adds a withdrawal). */
export function withdrawals(address: string, count: number, place: BatchPlace = {}): HonestBatch {
  const intents: Intent[] = Array.from({ length: count }, (_, k) => ({
    type: "withdraw", from: actor(1 + (k % 64)), to: actor(1000 + k).address, amount: withdrawalAmount(k), fee: WITHDRAWAL_FEE,
  }));
  return honestOf(address, intents, place);
}

/** The most of `withdrawals`' records (about 98 bytes each) one batch's 128 KB of data holds (1,500 take 148 KB). */
export function mostWithdrawals(): number {
  let bytes = 1 + 2; // 0x02 ‖ varint U (U ≥ 128)
  for (let k = 0; ; k++) {
    const record = encodeChunk([{ record: { withdraw: true, from: 1 + (k % 64), to: actor(1000 + k).address, amount: withdrawalAmount(k), fee: WITHDRAWAL_FEE, signature: new Uint8Array(65) } }]).length;
    const next = bytes + record + (k % 32 === 0 ? 34 : 0);
    if (next > MAX_DATA_BYTES) return k;
    bytes = next;
  }
}

/** `count` queue messages: deposits to new accounts, every fifth a full exit of a funded account. */
export function queueMessages(address: string, count: number, place: BatchPlace = {}): HonestBatch {
  const intents: Intent[] = Array.from({ length: count }, (_, k) =>
    k % 5 === 4 ? { type: "fullExit", sender: actor(1 + (k % 64)).address } : { type: "deposit", to: actor(2000 + k).address, amount: 10n ** 15n + BigInt(k) });
  return honestOf(address, intents, place);
}

/** Bytes of the smallest record: tag, from and to indices below 128, 2-byte amount and fee, r, s. */
const SMALLEST_RECORD = 1 + 1 + 1 + 2 + 2 + 64;

/** The most user transactions of SMALLEST_RECORD bytes after `queue` 1-byte queue entries within MAX_DATA_BYTES. */
export function mostSmallRecords(queue: number): number {
  const size = (u: number) => 1 + (u < 128 ? 1 : 2) + 34 * Math.ceil((queue + u) / 32) + queue + SMALLEST_RECORD * u;
  let u = 0;
  while (size(u + 1) <= MAX_DATA_BYTES) u++;
  return u;
}

/**
 * The batch with the most chunks the commit limits allow: 256 deposits to new accounts (1-byte
 * entries), then as many transfers of the smallest record (71 bytes) among accounts 1–64 as fit
 * 128 KB of data. proveTxRoot's cost grows with the chunk count only.
 */
export function largestBatch(address: string, place: BatchPlace = {}): HonestBatch {
  const deposits: Intent[] = Array.from({ length: MAX_QUEUE_MESSAGES }, (_, k) => ({ type: "deposit", to: actor(3000 + k).address, amount: 10n ** 15n }));
  const transfers: Intent[] = Array.from({ length: mostSmallRecords(MAX_QUEUE_MESSAGES) }, (_, k) => ({
    type: "transfer", from: actor(1 + (k % 64)), to: actor(1 + ((k + 7) % 64)).address, amount: 10n ** 15n, fee: 10n ** 12n,
  }));
  return honestOf(address, [...deposits, ...transfers], place);
}

const forgedRoot = () => new Uint8Array(32).fill(1);

/** Record `i` of chunk 0 changed by `change`; the posted entry kept, or (`executed`) the one the new chunk executes to. */
function withRecord(honest: HonestBatch, i: number, change: (record: RecordEntry) => RecordEntry, executed = false): PostedBatch {
  const entries = honest.entries[0]!.map((e, k): ChunkEntry => (k === i ? { record: change((e as { record: RecordEntry }).record) } : e));
  return executed ? withExecutedChunk(honest, 0, entries) : withChunk(honest, 0, entries);
}

export interface WorstCase {
  name: string;
  fn: ProofFunction;
  /** The honest batch for a contract at `address` (its EIP-712 verifying contract), on `place`, and a forgery of it. */
  make(address: string, place?: BatchPlace): { honest: HonestBatch; forged: PostedBatch };
  /** The chunk proven, what the proof concludes, and (proveSignature) the position sent. */
  chunk: number;
  expected: { kind: number; position: number };
  position?: number;
}

export const worstCases: WorstCase[] = [
  {
    name: "proveStateTransition: 32 transfers between 65 distinct accounts (StateRoot, the longest path)",
    fn: "proveStateTransition", chunk: 0, expected: { kind: 8, position: 31 },
    make: (address, place) => {
      const honest = distinctTransfers(address, place);
      return { honest, forged: withSegment(honest, 0, { entry: forgedRoot() }) };
    },
  },
  {
    name: "proveStateTransition: the same chunk convicted at its last position (InsufficientBalance)",
    fn: "proveStateTransition", chunk: 0, expected: { kind: 5, position: 31 },
    make: (address, place) => {
      const honest = distinctTransfers(address, place);
      return { honest, forged: withRecord(honest, 31, (rec) => ({ ...rec, amount: 100n * ETH })) };
    },
  },
  {
    name: "proveStateTransition: a chunk of 32 queue messages (StateRoot)",
    fn: "proveStateTransition", chunk: 0, expected: { kind: 8, position: 31 },
    make: (address, place) => {
      const honest = queueMessages(address, 32, place);
      return { honest, forged: withSegment(honest, 0, { entry: forgedRoot() }) };
    },
  },
  {
    name: "proveSignature: the last record of a full chunk (position 31 of 32)",
    fn: "proveSignature", chunk: 0, expected: { kind: 9, position: 31 }, position: 31,
    make: (address, place) => {
      const honest = distinctTransfers(address, place);
      return {
        honest,
        forged: withRecord(honest, 31, (rec) => {
          const signature = Uint8Array.from(rec.signature);
          signature[5] = signature[5]! ^ 1;
          return { ...rec, signature };
        }, true),
      };
    },
  },
  {
    name: `proveTxRoot: the batch with the most chunks (${MAX_QUEUE_MESSAGES} deposits and ${mostSmallRecords(MAX_QUEUE_MESSAGES).toLocaleString("en-US")} smallest records in 128 KB, ${Math.ceil((MAX_QUEUE_MESSAGES + mostSmallRecords(MAX_QUEUE_MESSAGES)) / 32)} chunks)`,
    fn: "proveTxRoot", chunk: 0, expected: { kind: 10, position: 0 },
    make: (address, place) => {
      const honest = largestBatch(address, place);
      return { honest, forged: repost(honest, { txRoot: forgedRoot() }) };
    },
  },
  {
    name: `proveExitRoot: the most withdrawals 128 KB of data holds (${mostWithdrawals().toLocaleString("en-US")}, ${Math.ceil(mostWithdrawals() / 32)} chunks)`,
    fn: "proveExitRoot", chunk: 0, expected: { kind: 11, position: 0 },
    make: (address, place) => {
      const honest = withdrawals(address, mostWithdrawals(), place);
      return { honest, forged: repost(honest, { exitRoot: forgedRoot() }) };
    },
  },
];

/**
 * proveExitRoot at the commit limits: 256 full exits with balances (their senders' queue messages
 * are full exits by actors 7000…), then 128 KB of withdrawal records of the largest size (130
 * bytes: 19-byte mantissas, 5-byte indices). Not a valid batch (its indices do not exist), but
 * proveExitRoot only parses, and this is its most expensive input. `place` as for the honest batches.
 */
export function exitRootAtLimits(address: string, place: BatchPlace = {}): { posted: PostedBatch; records: number; bytes: number } {
  const big = (1n << 127n) + 1n; // odd, 127 bits: a 19-byte mantissa
  const exits: ChunkEntry[] = Array.from({ length: MAX_QUEUE_MESSAGES }, (_, k) => ({ queue: { ref: 2 ** 31 + k, amount: big } }));
  const record = (k: number): ChunkEntry => ({
    record: { withdraw: true, from: 2 ** 31 + k, to: actor(5000 + k).address, amount: big, fee: big, signature: Uint8Array.from({ length: 65 }, (_, i) => (i * 37 + k) % 255 + 1) },
  });
  const queueBytes = encodeChunk(exits).length;
  const records = Array.from({ length: Math.floor((MAX_DATA_BYTES - queueBytes - 4000) / (130 + 1)) }, (_, k) => record(k));
  const entries = [...exits, ...records];
  const segments = Array.from({ length: Math.ceil(entries.length / 32) }, (_, c) => ({ entry: forgedRoot(), chunk: encodeChunk(entries.slice(32 * c, 32 * c + 32)) }));
  const queue = exits.map((_, k) => ({ sender: actor(7000 + k).address, to: new Uint8Array(20), amount: 0n }));
  const base = withdrawals(address, 1, place);
  const queueBase = base.parent.queueCount;
  const posted = repost({ ...base, queue, userCount: records.length, segments }, { queueCount: queueBase + MAX_QUEUE_MESSAGES, exitRoot: forgedRoot() });
  return { posted, records: records.length, bytes: batchData(posted).length };
}
