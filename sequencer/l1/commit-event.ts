/**
 * The Rollup's `BatchesCommitted` event, one per commit (docs/fraud-proofs.md §3; the constructor
 * emits commit 0, the genesis batch): read by the poster from its receipts (the commit's index)
 * and by the follower from the logs.
 */
import { getBytes, type Log } from "ethers";
import { rollupInterface } from "./rollup-abi.ts";

/** One commit as its `BatchesCommitted` event states it. */
export interface CommitEvent {
  commitIndex: number;
  firstBatch: number;
  lastBatch: number;
  batchesRoot: Uint8Array;
  /** The last batch's stateRoot and queueCount, as the contract stored them. */
  stateRoot: Uint8Array;
  queueCount: number;
  l1TxHash: string;
  l1Block: number;
}

export function batchesCommittedTopic(): string {
  return rollupInterface().getEvent("BatchesCommitted")!.topicHash;
}

export function commitEventOf(log: Log): CommitEvent {
  const event = rollupInterface().parseLog({ topics: [...log.topics], data: log.data });
  if (event?.name !== "BatchesCommitted") throw new Error(`log ${log.transactionHash}:${log.index} is not BatchesCommitted`);
  const number = (name: string) => Number(event.args.getValue(name));
  return {
    commitIndex: number("commitIndex"), firstBatch: number("firstBatch"), lastBatch: number("lastBatch"),
    batchesRoot: getBytes(event.args.getValue("batchesRoot")), stateRoot: getBytes(event.args.getValue("stateRoot")), queueCount: number("queueCount"),
    l1TxHash: log.transactionHash, l1Block: log.blockNumber,
  };
}
