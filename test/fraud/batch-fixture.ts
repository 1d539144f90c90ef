/**
 * Test-only batches for the fraud proofs: an honest batch built from intents with the reference
 * executor (test/core/reference-executor.ts), encoded as v2 chunks with their roots; and the
 * posted form (headers, segments, queue) that tests forge and hand to the proof builders.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { sha256 } from "@noble/hashes/sha2";
import { computeAddress, hexlify } from "ethers";
import { domainSeparator, transactionDigest, type LoftDomain } from "../../sequencer/protocol/eip712.ts";
import { signDigest } from "../../sequencer/protocol/signature.ts";
import { BatchHeader, ExitList, Transaction, TxKind, TxList, type Account, type Withdrawal } from "../../sequencer/protocol/ssz-types.ts";
import type { BatchEvidence, ChunkRoots } from "../../sequencer/fraud/batch-ref.ts";
import { findChunkFraud } from "../../sequencer/fraud/chunk-fraud.ts";
import { chunkWindow, type QueueMessage } from "../../sequencer/fraud/fraud-inputs.ts";
import { chunkSubtree } from "../../sequencer/fraud/ssz-leaves.ts";
import { ReferenceExecutor } from "../core/reference-executor.ts";
import { TxStatus } from "../../sequencer/core/index.ts";
import { encodeBatchData, encodeChunk, type ChunkEntry } from "./chunk-encoder.ts";
import { stateAccessor, stateRootOf, type AccountLike } from "./state-accessor.ts";

export interface Actor {
  key: Uint8Array;
  address: Uint8Array;
}

export function actor(i: number): Actor {
  const key = sha256(new TextEncoder().encode(`loft fraud-proof actor ${i}`));
  return { key, address: Uint8Array.from(Buffer.from(computeAddress(hexlify(key)).slice(2), "hex")) };
}

export type Intent =
  | { type: "deposit"; to: Uint8Array; amount: bigint }
  | { type: "fullExit"; sender: Uint8Array }
  | { type: "transfer" | "withdraw"; from: Actor; to: Uint8Array; amount: bigint; fee: bigint };

/** A batch as posted: what a forgery changes and what the builders read. */
export interface PostedBatch {
  parent: BatchHeader;
  header: BatchHeader;
  queue: QueueMessage[];
  userCount: number;
  segments: { entry: Uint8Array; chunk: Uint8Array }[];
}

export interface HonestBatch extends PostedBatch {
  entries: ChunkEntry[][];
  roots: ChunkRoots[];
  /** The state before and after each chunk. */
  preStates: AccountLike[][];
  postStates: AccountLike[][];
  withdrawals: Withdrawal[];
  /** The executed transactions, queue messages first (full exits with the amount withdrawn). */
  txs: Transaction[];
}

export const batchData = (b: PostedBatch) => encodeBatchData(b.userCount, b.segments);

/** The batch with its header's dataHash made to match its (possibly forged) data. */
export function repost(b: PostedBatch, header: Partial<BatchHeader> = {}): PostedBatch {
  const next = { ...b, header: { ...b.header, ...header } };
  next.header.dataHash = keccak_256(batchData(next));
  return next;
}

/** Chunk `c` re-encoded from `entries` (its posted entry kept unless given). */
export function withChunk(b: PostedBatch, c: number, entries: ChunkEntry[], entry?: Uint8Array): PostedBatch {
  const segments = b.segments.map((s, i) => (i === c ? { entry: entry ?? s.entry, chunk: encodeChunk(entries) } : s));
  return repost({ ...b, segments });
}

/**
 * Chunk `c` re-encoded from `entries` with the entry a sequencer that executes its own forged data
 * posts: the roots the new chunk executes to on its pre-state (so the forgery is not a StateRoot
 * fraud of that chunk, and its transactions are what the entry's txSubtree holds).
 */
export function withExecutedChunk(b: HonestBatch, c: number, entries: ChunkEntry[]): PostedBatch {
  const chunk = encodeChunk(entries);
  const w = chunkWindow(c, b.parent.queueCount, b.header.queueCount - b.parent.queueCount, b.userCount);
  const queue = b.queue.slice(w.start, Math.max(w.start, Math.min(w.end, w.queueCount)));
  const zero = new Uint8Array(32);
  const run = findChunkFraud(chunk, w, queue, stateAccessor(b.preStates[c]!), { entry: zero, last: false, batchStateRoot: zero });
  if (!run.stateRoot || !run.txSubtree) throw new Error(`the forged chunk ${c} does not execute (${run.fraud?.kind})`);
  return withChunk(b, c, entries, sha256(Uint8Array.from([...run.stateRoot, ...run.txSubtree])));
}

export function withSegment(b: PostedBatch, c: number, segment: Partial<{ entry: Uint8Array; chunk: Uint8Array }>): PostedBatch {
  return repost({ ...b, segments: b.segments.map((s, i) => (i === c ? { ...s, ...segment } : s)) });
}

/** One commit holding only this batch (commit 1; the genesis is commit 0). */
export function evidenceOf(b: PostedBatch): BatchEvidence {
  return { commitIndex: 1, firstBatch: b.header.number, batchLeaves: [], header: b.header, parent: b.parent, data: batchData(b), queue: b.queue };
}

const ZERO20 = new Uint8Array(20);
const copyState = (accounts: Account[]) => accounts.map((a) => ({ ...a, address: Uint8Array.from(a.address) }));

/** Where a batch goes: on top of `parent` (default: a made-up batch 5 with queueCount 0), at `timestamp`. */
export interface BatchPlace {
  parent?: BatchHeader;
  parentNumber?: number;
  queueBase?: number;
  timestamp?: number;
  /** The depositor recorded in deposits' queue messages. */
  depositor?: Uint8Array;
}

/** Executes the queue intents (first, in order), then the user intents that are valid, and encodes them. */
export function buildHonestBatch(genesis: AccountLike[], intents: Intent[], domain: LoftDomain, place: BatchPlace = {}): HonestBatch {
  const queueBase = place.parent?.queueCount ?? place.queueBase ?? 0;
  const ex = new ReferenceExecutor(genesis.map((a) => ({ ...a, nonce: Number(a.nonce) })));
  const separator = domainSeparator(domain);
  const queue: QueueMessage[] = [];
  const entries: ChunkEntry[] = [];
  const txs: Transaction[] = [];
  const withdrawals: Withdrawal[] = [];
  const preStates: Account[][] = [];
  const states: Account[][] = [];
  const ordered = [...intents.filter((i) => i.type === "deposit" || i.type === "fullExit"), ...intents.filter((i) => i.type === "transfer" || i.type === "withdraw")];
  for (const intent of ordered) {
    if (txs.length % 32 === 0) preStates.push(copyState(ex.accounts));
    let entry: ChunkEntry;
    let tx: Transaction;
    if (intent.type === "deposit" || intent.type === "fullExit") {
      const address = intent.type === "deposit" ? intent.to : intent.sender;
      const found = ex.find(address);
      const kind = intent.type === "deposit" ? TxKind.deposit : TxKind.fullExit;
      tx = { kind, from: ZERO20, to: address, amount: intent.type === "deposit" ? intent.amount : 0n, fee: 0n, nonce: queueBase + queue.length, signature: new Uint8Array(65) };
      queue.push(intent.type === "deposit" ? { sender: place.depositor ?? actor(999).address, to: address, amount: intent.amount } : { sender: address, to: ZERO20, amount: 0n });
      const result = ex.execute([tx], tx.nonce);
      if (result.statuses[0] !== TxStatus.Ok) throw new Error(`queue intent ${intent.type} failed: ${result.statuses[0]}`);
      tx = result.included[0]!;
      entry = { queue: { ref: found === undefined ? 0 : found + 1, amount: kind === TxKind.fullExit && found !== undefined ? tx.amount : undefined } };
      withdrawals.push(...result.withdrawals);
    } else {
      const from = ex.find(intent.from.address);
      if (from === undefined) {
        if (txs.length % 32 === 0) preStates.pop();
        continue;
      }
      const kind = intent.type === "transfer" ? TxKind.transfer : TxKind.withdraw;
      const nonce = ex.accounts[from]!.nonce;
      const to = intent.type === "withdraw" ? intent.to : ex.find(intent.to) ?? intent.to;
      const signature = signDigest(transactionDigest(separator, { kind, to: intent.to, amount: intent.amount, fee: intent.fee, nonce }), intent.from.key);
      tx = { kind, from: intent.from.address, to: intent.to, amount: intent.amount, fee: intent.fee, nonce, signature };
      const result = ex.execute([tx], 0);
      if (result.statuses[0] !== TxStatus.Ok) {
        if (txs.length % 32 === 0) preStates.pop();
        continue;
      }
      entry = { record: { withdraw: kind === TxKind.withdraw, from, to, amount: intent.amount, fee: intent.fee, signature } };
      withdrawals.push(...result.withdrawals);
    }
    entries.push(entry);
    txs.push(tx);
    if (txs.length % 32 === 0) states.push(copyState(ex.accounts));
  }
  if (txs.length % 32 !== 0) states.push(copyState(ex.accounts));
  const chunkEntries = Array.from({ length: states.length }, (_, c) => entries.slice(32 * c, 32 * c + 32));
  const roots = states.map((s, c) => ({
    stateRoot: stateRootOf(s),
    txSubtree: chunkSubtree(txs.slice(32 * c, 32 * c + 32).map((t) => Transaction.hashTreeRoot(t))),
  }));
  const parentNumber = place.parent?.number ?? place.parentNumber ?? 5;
  const parent: BatchHeader = place.parent ?? {
    number: parentNumber, parentRoot: new Uint8Array(32).fill(7), stateRoot: stateRootOf(genesis), txRoot: new Uint8Array(32).fill(1),
    exitRoot: new Uint8Array(32).fill(2), queueCount: queueBase, timestamp: 1_700_000_000, dataHash: new Uint8Array(32).fill(3),
  };
  const header: BatchHeader = {
    number: parentNumber + 1, parentRoot: BatchHeader.hashTreeRoot(parent), stateRoot: roots.at(-1)!.stateRoot, txRoot: TxList.hashTreeRoot(txs),
    exitRoot: ExitList.hashTreeRoot(withdrawals), queueCount: queueBase + queue.length, timestamp: place.timestamp ?? 1_700_000_012, dataHash: new Uint8Array(32),
  };
  const segments = chunkEntries.map((e, c) => ({ entry: sha256(Uint8Array.from([...roots[c]!.stateRoot, ...roots[c]!.txSubtree])), chunk: encodeChunk(e) }));
  const posted = repost({ parent, header, queue, userCount: txs.length - queue.length, segments });
  return { ...posted, entries: chunkEntries, roots, preStates, postStates: states, withdrawals, txs };
}

/**
 * The same batch on a state where account `index` has other values. The account must be one the
 * batch never touches (its values are then the same before and after every chunk), so that the
 * chunks stay honest: roots, entries and headers are recomputed.
 */
export function patchAccount(b: HonestBatch, index: number, patch: Partial<AccountLike>): HonestBatch {
  const patchState = (s: AccountLike[]) => s.map((a, i) => (i === index ? { ...a, ...patch } : a));
  const preStates = b.preStates.map(patchState);
  const postStates = b.postStates.map(patchState);
  const roots = b.roots.map((r, c) => ({ ...r, stateRoot: stateRootOf(postStates[c]!) }));
  const segments = b.segments.map((s, c) => ({ ...s, entry: sha256(Uint8Array.from([...roots[c]!.stateRoot, ...roots[c]!.txSubtree])) }));
  const parent = { ...b.parent, stateRoot: stateRootOf(preStates[0]!) };
  const header = { ...b.header, parentRoot: BatchHeader.hashTreeRoot(parent), stateRoot: roots.at(-1)!.stateRoot };
  return { ...b, ...repost({ ...b, parent, header, segments }), preStates, postStates, roots };
}
