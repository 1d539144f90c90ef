/**
 * L1 queue messages as the node executes them: a `Deposited` event becomes a kind 2 transaction
 * crediting `to`, a `FullExitRequested` event a kind 3 transaction for `account` (its amount is
 * set at execution); `nonce` is the queue index; from, fee and signature are zero (spec §1).
 */
import { getBytes, type Log, type LogDescription } from "ethers";
import { Transaction, TxKind } from "../protocol/ssz-types.ts";
import { rollupInterface } from "./rollup-abi.ts";

export interface QueueMessage {
  index: number;
  record: Uint8Array;
  l1Block: number;
  l1TxHash: string;
}

const ZERO20 = new Uint8Array(20);
const ZERO65 = new Uint8Array(65);

export function queueTopics(): string[] {
  const iface = rollupInterface();
  return [iface.getEvent("Deposited")!.topicHash, iface.getEvent("FullExitRequested")!.topicHash];
}

export function queueMessageOf(log: Log): QueueMessage {
  const parsed: LogDescription | null = rollupInterface().parseLog({ topics: [...log.topics], data: log.data });
  if (!parsed) throw new Error(`log ${log.transactionHash}:${log.index} is not a Rollup event`);
  const index = Number(parsed.args.getValue("queueIndex"));
  const deposit = parsed.name === "Deposited";
  if (!deposit && parsed.name !== "FullExitRequested") throw new Error(`log ${log.transactionHash}:${log.index} is ${parsed.name}, not a queue event`);
  const record = Transaction.serialize({
    kind: deposit ? TxKind.deposit : TxKind.fullExit,
    from: ZERO20,
    to: getBytes(parsed.args.getValue(deposit ? "to" : "account")),
    amount: deposit ? BigInt(parsed.args.getValue("amount")) : 0n,
    fee: 0n,
    nonce: index,
    signature: ZERO65,
  });
  return { index, record, l1Block: log.blockNumber, l1TxHash: log.transactionHash };
}
