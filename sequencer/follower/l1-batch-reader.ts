/**
 * Reads committed batches back from L1 alone: each `BatchCommitted` event names a batch, and the
 * transaction that emitted it carries the header and the posted data as `commitBatch` calldata.
 * Only direct calls to the Rollup are decoded (the sequencer sends them directly).
 */
import { getBytes, type JsonRpcProvider, type Log } from "ethers";
import type { BatchHeader } from "../protocol/ssz-types.ts";
import { rollupInterface } from "../l1/rollup-abi.ts";
import { decodeCommitCalldata } from "../l1/commit-transaction.ts";
import { JsonRpcHttpError, postJsonRpc } from "../l1/json-rpc-post.ts";

export interface CommittedBatch {
  number: number;
  /** The root the contract computed and stored. */
  root: Uint8Array;
  header: BatchHeader;
  data: Uint8Array;
  l1TxHash: string;
  l1Block: number;
}

export class L1BatchReadError extends Error {
  override name = "L1BatchReadError";
}

const MAX_LOG_RANGE = 2_000;

export function batchCommittedTopic(): string {
  return rollupInterface().getEvent("BatchCommitted")!.topicHash;
}

/** `BatchCommitted` logs of batches ≥ 1 in [fromBlock, toBlock], in order. */
export async function committedLogs(provider: JsonRpcProvider, rollup: string, fromBlock: number, toBlock: number): Promise<Log[]> {
  const logs: Log[] = [];
  for (let from = fromBlock; from <= toBlock; from += MAX_LOG_RANGE) {
    const to = Math.min(toBlock, from + MAX_LOG_RANGE - 1);
    logs.push(...(await provider.getLogs({ address: rollup, fromBlock: from, toBlock: to, topics: [batchCommittedTopic()] })));
  }
  return logs.filter((log) => BigInt(log.topics[1]!) > 0n);
}

/**
 * The commit transaction's `to` and input, fetched with a plain JSON-RPC call: a batch's calldata is
 * up to 128 KB of hex, which ethers' provider decodes byte by byte in JavaScript (measured: most of
 * the follower's main-thread time); the response is parsed natively (json-rpc-post.ts).
 */
async function commitTransaction(rpcUrl: string, hash: string): Promise<{ to: string | null; input: string } | null> {
  let body: { result?: { to: string | null; input: string } | null; error?: { message: string } };
  try {
    body = (await postJsonRpc(rpcUrl, "eth_getTransactionByHash", [hash])) as typeof body;
  } catch (error) {
    if (error instanceof JsonRpcHttpError) throw new L1BatchReadError(`${error.message} for transaction ${hash}`);
    throw error;
  }
  if (body.error) throw new L1BatchReadError(`L1 error for transaction ${hash}: ${body.error.message}`);
  return body.result ?? null;
}

export async function readCommittedBatch(rpcUrl: string, rollup: string, log: Log): Promise<CommittedBatch> {
  const event = rollupInterface().parseLog({ topics: [...log.topics], data: log.data })!;
  const number = Number(event.args.getValue("number"));
  const tx = await commitTransaction(rpcUrl, log.transactionHash);
  if (!tx || tx.to?.toLowerCase() !== rollup.toLowerCase()) {
    throw new L1BatchReadError(`batch ${number}: commit transaction ${log.transactionHash} is not a direct call to the Rollup`);
  }
  let call;
  try {
    call = decodeCommitCalldata(new Uint8Array(Buffer.from(tx.input.slice(2), "hex"))); // native hex, not ethers' ABI coder
  } catch (error) {
    throw new L1BatchReadError(`batch ${number}: transaction ${log.transactionHash}: ${(error as Error).message}`);
  }
  const { header, data } = call;
  if (header.number !== number) throw new L1BatchReadError(`batch ${number}: its commit calldata says batch ${header.number}`);
  return { number, root: getBytes(event.args.getValue("root")), header, data, l1TxHash: log.transactionHash, l1Block: log.blockNumber };
}
