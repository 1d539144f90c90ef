/**
 * Builds the fraud proof of a committed batch from a follower's verified state (docs/fraud-proofs.md
 * §4): the state the follower stored (its verified head, somewhere from the commit's parent up to
 * the batch's parent) is loaded into a scratch WASM core, the commit's batches before the target are
 * walked from there (each must be honest: otherwise that batch is the one proven), then the target
 * is searched for the proof that succeeds (batch-proof-search.ts). Shared by the follower's
 * challenger and `loft prove`; only L1 data and what the follower verified from it are used.
 */
import { Contract, type JsonRpcProvider } from "ethers";
import type { LoftCore } from "../core/index.ts";
import type { CommittedBatch } from "../follower/l1-batch-reader.ts";
import { rollupInterface } from "../l1/rollup-abi.ts";
import type { LoftDomain } from "../protocol/eip712.ts";
import { BatchHeader } from "../protocol/ssz-types.ts";
import type { BatchTip } from "../sealer/batch-tip.ts";
import { genesisHeader } from "../sealer/genesis-header.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { openBatch, type OpenedBatch } from "./batch-ref.ts";
import { searchBatchProof, type BatchProofSearch } from "./batch-proof-search.ts";
import { committedBatchesOf, evidenceOf, queueMessages } from "./challenger-evidence.ts";
import { FraudProofInputError } from "./fraud-inputs.ts";

export interface ProofSources {
  provider: JsonRpcProvider;
  rpcUrl: string;
  rollup: string;
  deployBlock: number;
  domain: LoftDomain;
  /** The follower's storage: its accounts are the state after `head`. */
  reader: StoreReader;
  head: BatchTip;
  /** A stored L1 queue record (146-byte Transaction), if the follower has it. */
  storedQueue?(index: number): Uint8Array | undefined;
  /** A scratch core: its state is replaced. */
  core: LoftCore;
}

export interface BuiltProof {
  /** The batch searched last: the target, or an earlier batch of its commit that is itself provably wrong. */
  batch: number;
  opened: OpenedBatch;
  search: BatchProofSearch;
}

async function headerBefore(sources: ProofSources, number: number): Promise<BatchHeader> {
  if (number === 0) {
    const genesis = await new Contract(sources.rollup, rollupInterface(), sources.provider).getFunction("commits")(0);
    return genesisHeader(Uint8Array.from(Buffer.from(String(genesis.stateRoot).slice(2), "hex")));
  }
  const record = sources.reader.batch(number);
  if (!record) throw new FraudProofInputError(`batch ${number} is not in the follower's storage`);
  return BatchHeader.deserialize(new Uint8Array(record.header));
}

/**
 * The proof search of batch `target` (with `every`, also a call of each proof function whatever
 * it concludes). `batches` are the target's commit's batches when the caller has them (else they
 * are read from L1).
 */
export async function buildProof(sources: ProofSources, target: number, options: { batches?: readonly CommittedBatch[]; every?: boolean } = {}): Promise<BuiltProof> {
  const { core, reader, head } = sources;
  const batches = options.batches ?? (await committedBatchesOf(sources.provider, sources.rpcUrl, sources.rollup, target, sources.deployBlock));
  const first = batches[0]!.number;
  if (head.number < first - 1 || head.number >= target) {
    throw new FraudProofInputError(`the follower's verified state is after batch ${head.number}; proving batch ${target} (commit ${batches[0]!.commitIndex}, batches ${first}–${batches.at(-1)!.number}) needs it between ${first - 1} and ${target - 1}`);
  }
  core.state.clear();
  core.state.load(reader.allAccounts());
  if (Buffer.compare(core.state.root(), head.stateRoot) !== 0) throw new FraudProofInputError(`the stored accounts are not the state of verified batch ${head.number}`);
  const commitParent = await headerBefore(sources, first - 1);
  let queueCount = head.queueCount;
  for (const b of batches) {
    if (b.number <= head.number || b.number > target) continue;
    const queue = await queueMessages(sources.provider, sources.rollup, queueCount, b.header.queueCount - queueCount, sources.storedQueue);
    const opened = openBatch(evidenceOf(batches, commitParent, b.number, queue));
    const search = searchBatchProof(core, opened, sources.domain, { every: options.every === true && b.number === target });
    if (search.proof || b.number === target) return { batch: b.number, opened, search };
    queueCount = b.header.queueCount;
  }
  throw new FraudProofInputError(`batch ${target} is not in the commit read for it`);
}
