/**
 * Reads committed batches back from L1 alone (docs/fraud-proofs.md §3): each `BatchesCommitted`
 * event names a commit and its batch range, and the transaction that emitted it carries every
 * header and its posted data as `commitBatches` calldata. Only direct calls to the Rollup are
 * decoded (the sequencer sends them directly). A `FraudProven` event means the proven batch's
 * commit and every later one are removed and the rollup is frozen (§4): see removedCommit.
 */
import type { JsonRpcProvider, Log } from "ethers";
import { BatchHeader } from "../protocol/ssz-types.ts";
import { decodeCommitCalldata } from "../l1/commit-transaction.ts";
import { JsonRpcHttpError, postJsonRpc } from "../l1/json-rpc-post.ts";
import { withL1Retry } from "../l1/l1-retry.ts";
import { batchesCommittedTopic, commitEventOf, type CommitEvent } from "../l1/commit-event.ts";
import { fraudEventOf, fraudProvenTopic, type FraudEvent } from "../l1/fraud-event.ts";

export type { CommitEvent, FraudEvent };

export interface CommittedBatch {
  number: number;
  /** hash_tree_root(header), computed here (the contract keeps one record per commit, not per batch). */
  root: Uint8Array;
  header: BatchHeader;
  data: Uint8Array;
  /** The commit that carries it, and its position there (header.number − commit.firstBatch): what a fraud proof's BatchRef names. */
  commitIndex: number;
  position: number;
  commit: CommitEvent;
  /** Every batch of the commit, this one included, in order (a fraud proof's commit branch needs their leaves). */
  inCommit: readonly CommittedBatch[];
  l1TxHash: string;
  l1Block: number;
}

export class L1BatchReadError extends Error {
  override name = "L1BatchReadError";
}

const MAX_LOG_RANGE = 2_000;

/** The Rollup's logs with one of `topics` in [fromBlock, toBlock], in chain order. */
async function rollupLogs(provider: JsonRpcProvider, rollup: string, topics: string[], fromBlock: number, toBlock: number): Promise<Log[]> {
  const logs: Log[] = [];
  for (let from = fromBlock; from <= toBlock; from += MAX_LOG_RANGE) {
    const to = Math.min(toBlock, from + MAX_LOG_RANGE - 1);
    logs.push(...(await provider.getLogs({ address: rollup, fromBlock: from, toBlock: to, topics: [topics] })));
  }
  return logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
}

/**
 * The commits after genesis and the fraud proofs in [fromBlock, toBlock], in chain order. Pass
 * `commits: false` to read only the fraud proofs (a follower stopped at a mismatch still watches
 * for them).
 */
export async function rollupEvents(provider: JsonRpcProvider, rollup: string, fromBlock: number, toBlock: number, commits = true): Promise<{ commits: CommitEvent[]; frauds: FraudEvent[] }> {
  const commitTopic = batchesCommittedTopic();
  const topics = commits ? [commitTopic, fraudProvenTopic()] : [fraudProvenTopic()];
  const out = { commits: [] as CommitEvent[], frauds: [] as FraudEvent[] };
  for (const log of await rollupLogs(provider, rollup, topics, fromBlock, toBlock)) {
    if (log.topics[0] === commitTopic) {
      const commit = commitEventOf(log);
      if (commit.commitIndex > 0) out.commits.push(commit);
    } else out.frauds.push(fraudEventOf(log));
  }
  return out;
}

/**
 * The commit that carried the batch a fraud proof names: among `known` commits, else the latest
 * `BatchesCommitted` at or before the proof's block holding that batch, searched backwards from it
 * to `deployBlock` (commits are frequent: usually the first window has it). The proof removed it
 * and every later commit; no commit follows a proof, since it freezes the rollup.
 */
export async function removedCommit(provider: JsonRpcProvider, rollup: string, fraud: FraudEvent, known: CommitEvent[], deployBlock: number): Promise<CommitEvent> {
  const holds = (c: CommitEvent) => c.firstBatch <= fraud.batch && fraud.batch <= c.lastBatch && c.l1Block <= fraud.l1Block;
  const found = known.filter(holds).at(-1);
  if (found) return found;
  for (let to = fraud.l1Block; to >= deployBlock; to -= MAX_LOG_RANGE) {
    const from = Math.max(deployBlock, to - MAX_LOG_RANGE + 1);
    const logs = await rollupLogs(provider, rollup, [batchesCommittedTopic()], from, to);
    const match = logs.map(commitEventOf).filter(holds).at(-1);
    if (match) return match;
  }
  throw new L1BatchReadError(`batch ${fraud.batch} was proven wrong (${fraud.l1TxHash}) but no commit of it was found on L1`);
}

/**
 * The commit transaction's `to` and input, fetched with a plain JSON-RPC call: a commit's calldata is
 * up to 128 KB of hex, which ethers' provider decodes byte by byte in JavaScript (measured: most of
 * the follower's main-thread time); the response is parsed natively (json-rpc-post.ts).
 */
async function commitTransaction(rpcUrl: string, hash: string): Promise<{ to: string | null; input: string } | null> {
  let body: { result?: { to: string | null; input: string } | null; error?: { message: string } };
  try {
    // a reset connection or a 5xx is retried here, so that one does not throw away the whole poll's prefetched commits
    body = (await withL1Retry(() => postJsonRpc(rpcUrl, "eth_getTransactionByHash", [hash]), { attempts: 3 })) as typeof body;
  } catch (error) {
    if (error instanceof JsonRpcHttpError) throw new L1BatchReadError(`${error.message} for transaction ${hash}`);
    throw error;
  }
  if (body.error) throw new L1BatchReadError(`L1 error for transaction ${hash}: ${body.error.message}`);
  return body.result ?? null;
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Every batch of a commit, from its transaction's calldata, checked against the event: the range, contiguity, the last stateRoot and queueCount. */
export async function readCommit(rpcUrl: string, rollup: string, commit: CommitEvent): Promise<CommittedBatch[]> {
  const what = `commit ${commit.commitIndex} (batches ${commit.firstBatch}–${commit.lastBatch})`;
  const tx = await commitTransaction(rpcUrl, commit.l1TxHash);
  if (!tx || tx.to?.toLowerCase() !== rollup.toLowerCase()) throw new L1BatchReadError(`${what}: transaction ${commit.l1TxHash} is not a direct call to the Rollup`);
  let call;
  try {
    call = decodeCommitCalldata(new Uint8Array(Buffer.from(tx.input.slice(2), "hex"))); // native hex, not ethers' ABI coder
  } catch (error) {
    throw new L1BatchReadError(`${what}: transaction ${commit.l1TxHash}: ${(error as Error).message}`);
  }
  if (call.length !== commit.lastBatch - commit.firstBatch + 1) throw new L1BatchReadError(`${what}: its calldata carries ${call.length} batches`);
  call.forEach(({ header }, i) => {
    if (header.number !== commit.firstBatch + i) throw new L1BatchReadError(`${what}: header ${i} of its calldata is batch ${header.number}, not ${commit.firstBatch + i}`);
  });
  const last = call.at(-1)!.header;
  if (!equal(last.stateRoot, commit.stateRoot) || last.queueCount !== commit.queueCount) throw new L1BatchReadError(`${what}: its last header's stateRoot or queueCount is not the event's`);
  const batches: CommittedBatch[] = [];
  call.forEach(({ header, data }, position) => batches.push({
    number: header.number, root: BatchHeader.hashTreeRoot(header), header, data,
    commitIndex: commit.commitIndex, position, commit, inCommit: batches, l1TxHash: commit.l1TxHash, l1Block: commit.l1Block,
  }));
  return batches;
}
