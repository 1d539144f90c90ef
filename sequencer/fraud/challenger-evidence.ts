/**
 * What a challenger proves a batch wrong with, read from L1 alone (docs/fraud-proofs.md §3–§4): the
 * batch's commit (its BatchesCommitted event, found by the Rollup's commitOf, and the commit
 * transaction's calldata: every header and data, for the commit branch), the header before the
 * commit, and the L1 queue messages the batch processes (from the follower's stored queue, else
 * from the Rollup's `queue(i)`).
 */
import { Contract, getBytes, toBeHex, zeroPadValue, type JsonRpcProvider } from "ethers";
import { batchDataRoots } from "../l1/batch-data-root.ts";
import { batchesCommittedTopic, commitEventOf } from "../l1/commit-event.ts";
import { rollupInterface } from "../l1/rollup-abi.ts";
import { batchLeaf } from "../l1/withdraw-calldata.ts";
import { BatchHeader, Transaction, TxKind } from "../protocol/ssz-types.ts";
import { readCommit, type CommittedBatch } from "../follower/l1-batch-reader.ts";
import type { Store } from "../store/store.ts";
import type { BatchEvidence } from "./batch-ref.ts";
import { FraudProofInputError, type QueueMessage } from "./fraud-inputs.ts";

const LOG_RANGE = 2_000;
const ZERO20 = new Uint8Array(20);

/** A queue record as the follower stores it (a kind 2 or 3 Transaction) as the proofs read the message. */
export function queueMessageOfRecord(record: Uint8Array): QueueMessage {
  const tx = Transaction.deserialize(record);
  return tx.kind === TxKind.deposit ? { sender: ZERO20, to: tx.to, amount: tx.amount } : { sender: tx.to, to: ZERO20, amount: 0n };
}

/** The follower's stored L1 queue records (what its queue watcher confirmed), by queue index. */
export function storedQueueOf(store: Store): (index: number) => Uint8Array | undefined {
  return (index) => {
    const value = store.buckets.l1Queue.get(index) as Uint8Array | undefined;
    return value && new Uint8Array(value);
  };
}

/** Reads queue messages [from, from + count): `stored(i)` when it has them, else the Rollup's queue(i). */
export async function queueMessages(provider: JsonRpcProvider, rollup: string, from: number, count: number, stored?: (index: number) => Uint8Array | undefined): Promise<QueueMessage[]> {
  const contract = new Contract(rollup, rollupInterface(), provider);
  const out: QueueMessage[] = [];
  for (let i = from; i < from + count; i++) {
    const record = stored?.(i);
    if (record) {
      out.push(queueMessageOfRecord(record));
      continue;
    }
    const m = await contract.getFunction("queue")(i);
    out.push({ sender: getBytes(m.sender), to: getBytes(m.to), amount: BigInt(m.amount) });
  }
  return out;
}

/** Every batch of the commit that carries batch `number`, read back from its L1 transaction. */
export async function committedBatchesOf(provider: JsonRpcProvider, rpcUrl: string, rollup: string, number: number, deployBlock: number): Promise<CommittedBatch[]> {
  let commitIndex: number;
  try {
    commitIndex = Number(await new Contract(rollup, rollupInterface(), provider).getFunction("commitOf")(number));
  } catch {
    throw new FraudProofInputError(`batch ${number} is not committed on L1 (or its commit was removed)`);
  }
  const topics = [batchesCommittedTopic(), zeroPadValue(toBeHex(commitIndex), 32)];
  for (let to = await provider.getBlockNumber(); to >= deployBlock; to -= LOG_RANGE) {
    const logs = await provider.getLogs({ address: rollup, topics, fromBlock: Math.max(deployBlock, to - LOG_RANGE + 1), toBlock: to });
    if (logs.length > 0) return readCommit(rpcUrl, rollup, commitEventOf(logs.at(-1)!));
  }
  throw new FraudProofInputError(`no BatchesCommitted event of commit ${commitIndex} (batch ${number}) on L1`);
}

/**
 * The evidence of batch `number` among its commit's `batches`. `commitParent` is the header before
 * the commit's first batch (the genesis header for commit 1); `queue` the messages the batch processes.
 */
export function evidenceOf(batches: readonly CommittedBatch[], commitParent: BatchHeader, number: number, queue: QueueMessage[]): BatchEvidence {
  const batchLeaves: Uint8Array[] = [];
  let parent = commitParent;
  let target: { header: BatchHeader; parent: BatchHeader; data: Uint8Array } | undefined;
  for (const b of batches) {
    const roots = batchDataRoots(b.data, b.header.queueCount - parent.queueCount);
    batchLeaves.push(batchLeaf(b.header, roots.dataRoot));
    if (b.number === number) target = { header: b.header, parent, data: b.data };
    parent = b.header;
  }
  if (!target) throw new FraudProofInputError(`batch ${number} is not in the commit given`);
  const first = batches[0]!;
  if (Buffer.compare(BatchHeader.hashTreeRoot(commitParent), first.header.parentRoot) !== 0) throw new FraudProofInputError(`the header given is not the parent of batch ${first.number}`);
  return { commitIndex: first.commitIndex, firstBatch: first.number, batchLeaves, ...target, queue };
}
