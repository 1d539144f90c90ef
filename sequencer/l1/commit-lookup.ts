/**
 * The L1 transaction that made commit `index`, as of block `atBlock`: among the poster's own
 * transaction hashes first (one receipt each), else from the `BatchesCommitted` log of that index
 * (its indexed topic), searched backwards from `atBlock` in windows of MAX_LOG_RANGE down to the
 * deployment block. The second path is for a commit made by a transaction the poster no longer
 * tracks (a replaced or re-signed commit whose older twin was mined after all).
 */
import { toBeHex, zeroPadValue, type JsonRpcProvider, type TransactionReceipt } from "ethers";
import { batchesCommittedTopic, commitEventOf } from "./commit-event.ts";

const MAX_LOG_RANGE = 2_000;

export interface CommitTransaction {
  l1TxHash: string;
  l1Block: number;
  /** The receipt, when the transaction was one of the poster's (its gas and fees are counted). */
  receipt?: TransactionReceipt;
}

export async function commitTransactionOf(provider: JsonRpcProvider, rollup: string, index: number, atBlock: number, ownHashes: readonly string[], deployBlock: number): Promise<CommitTransaction | undefined> {
  const topic = batchesCommittedTopic();
  for (const hash of ownHashes) {
    const receipt = await provider.getTransactionReceipt(hash);
    if (!receipt || receipt.status !== 1 || receipt.blockNumber > atBlock) continue;
    const event = receipt.logs.find((log) => log.address.toLowerCase() === rollup.toLowerCase() && log.topics[0] === topic);
    if (event && commitEventOf(event).commitIndex === index) return { l1TxHash: hash, l1Block: receipt.blockNumber, receipt };
  }
  const indexTopic = zeroPadValue(toBeHex(index), 32);
  for (let to = atBlock; to >= deployBlock; to -= MAX_LOG_RANGE) {
    const from = Math.max(deployBlock, to - MAX_LOG_RANGE + 1);
    const logs = await provider.getLogs({ address: rollup, fromBlock: from, toBlock: to, topics: [topic, indexTopic] });
    const log = logs.at(-1);
    if (log) return { l1TxHash: log.transactionHash, l1Block: log.blockNumber };
  }
  return undefined;
}
