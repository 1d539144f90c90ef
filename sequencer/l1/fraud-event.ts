/**
 * The Rollup's `FraudProven` event (docs/fraud-proofs.md §4; emitted by a fraud module running in
 * the Rollup's context): which batch was proven wrong, the kind, the chunk and position, the
 * prover and its reward. Read by the follower from the logs and by a challenger from its receipt.
 */
import type { Log } from "ethers";
import { rollupInterface } from "./rollup-abi.ts";

/** A `FraudProven` event (docs/fraud-proofs.md §4). */
export interface FraudEvent {
  batch: number;
  kind: number;
  chunk: number;
  position: number;
  prover: string;
  reward: bigint;
  l1TxHash: string;
  l1Block: number;
}

export function fraudProvenTopic(): string {
  return rollupInterface().getEvent("FraudProven")!.topicHash;
}

export function fraudEventOf(log: Log): FraudEvent {
  const event = rollupInterface().parseLog({ topics: [...log.topics], data: log.data });
  if (event?.name !== "FraudProven") throw new Error(`log ${log.transactionHash}:${log.index} is not FraudProven`);
  return {
    batch: Number(event.args.getValue("batch")), kind: Number(event.args.getValue("kind")), chunk: Number(event.args.getValue("chunk")),
    position: Number(event.args.getValue("position")), prover: event.args.getValue("prover") as string, reward: BigInt(event.args.getValue("reward")),
    l1TxHash: log.transactionHash, l1Block: log.blockNumber,
  };
}
