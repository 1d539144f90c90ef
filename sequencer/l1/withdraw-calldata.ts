/**
 * Exact calldata for the Rollup's `withdraw`, `freeze` and `escape` (contracts/src/Rollup.sol, v2)
 * from SSZ proofs: the list branch (from the WASM core or @chainsafe/ssz) plus, for withdraw, the
 * batch header (whose 3-sibling branch for exitRoot is computed here) and where the batch sits in
 * its commit (docs/fraud-proofs.md §3): the commit index, the batch's dataRoot and the 8 siblings
 * of its batch leaf in the commit tree. A caller gets those from the commit's BatchesCommitted
 * event (index) and its commitBatches calldata (every batch's header and data: dataRoot via the
 * framing of each data, the leaves via batchLeaf, the branch via commitBranch). Bad input is a
 * ClaimError naming the field, never a malformed transaction.
 *
 *   const data = withdrawCalldata({ header, commit: { index, dataRoot, branch }, index, withdrawal, length, branch });
 *   await wallet.sendTransaction({ to: rollupAddress, data });
 */
import { createHash } from "node:crypto";
import { getAddress, hexlify } from "ethers";
import {
  BatchHeader,
  EXIT_LIST_LIMIT,
  STATE_LIMIT,
  type Account,
  type BatchHeader as BatchHeaderValue,
  type Withdrawal,
} from "../protocol/ssz-types.ts";
import { COMMIT_TREE_DEPTH, keccakBranch, keccakPair, keccakRoot } from "../fraud/keccak-merkle.ts";
import { rollupInterface } from "./rollup-abi.ts";

export const EXIT_BRANCH_DEPTH = 16;
export const STATE_BRANCH_DEPTH = 32;
/** Chunk positions in the 8-chunk BatchHeader tree (field order of the spec). */
export const HEADER_STATE_ROOT_CHUNK = 2;
export const HEADER_EXIT_ROOT_CHUNK = 4;
/** Depth of the keccak Merkle tree of a commit's batch leaves (at most 256 batches per commit). */
export { COMMIT_TREE_DEPTH };

/** Where a batch sits in its commit: what withdraw proves the batch's header root with. */
export interface CommitPosition {
  /** the commit's index (BatchesCommitted's commitIndex, or commitOf(number) on the Rollup) */
  index: number;
  /** keccak256(uint32 U big-endian ‖ tableRoot) of the batch's data (zero for the genesis batch) */
  dataRoot: Uint8Array;
  /** the 8 siblings (bottom-up) of the batch leaf at position number − firstBatch: commitBranch(...) */
  branch: readonly Uint8Array[];
}

/** A Withdrawal at `index` of a batch's exit list of `length`, with its 16 siblings bottom-up. */
export interface WithdrawalClaim {
  header: BatchHeaderValue;
  commit: CommitPosition;
  index: number;
  length: number;
  withdrawal: Withdrawal;
  branch: readonly Uint8Array[];
}

/**
 * An Account at `index` of the escape batch's state list of `length`, with its 32 siblings
 * bottom-up. The escape batch is `lastFinalBatch()` on the Rollup; its stateRoot is its commit's
 * record's (`escapeStateRoot()` once frozen).
 */
export interface EscapeClaim {
  index: number;
  length: number;
  account: Account;
  branch: readonly Uint8Array[];
}

export class ClaimError extends Error {
  override name = "ClaimError";
}

function sha256Pair(left: Uint8Array, right: Uint8Array): Uint8Array {
  return createHash("sha256").update(left).update(right).digest();
}

/** Root of the depth-`depth` keccak Merkle tree over `leaves` (commits: 8, chunk tables: 11). */
export function keccakMerkleRoot(leaves: readonly Uint8Array[], depth: number): Uint8Array {
  if (leaves.length > 2 ** depth) throw new ClaimError(`a depth-${depth} tree holds at most ${2 ** depth} leaves, got ${leaves.length}`);
  return keccakRoot([...leaves], depth);
}

/** The `depth` siblings (bottom-up) of leaf `index` in the keccak Merkle tree over `leaves`. */
export function keccakMerkleBranch(leaves: readonly Uint8Array[], depth: number, index: number): Uint8Array[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new ClaimError(`leaf index must be in 0..${leaves.length - 1}, got ${index}`);
  }
  return keccakBranch([...leaves], index, depth);
}

/** A batch's leaf in its commit tree: keccak256(hash_tree_root(header) ‖ dataRoot). */
export function batchLeaf(header: BatchHeaderValue, dataRoot: Uint8Array): Uint8Array {
  return keccakPair(BatchHeader.hashTreeRoot(header), dataRoot);
}

/** The commit branch of the batch at `position` (number − firstBatch) among a commit's batch leaves. */
export function commitBranch(batchLeaves: readonly Uint8Array[], position: number): Uint8Array[] {
  if (position >= batchLeaves.length) throw new ClaimError(`batch position ${position} is not below the commit's ${batchLeaves.length} batches`);
  return keccakMerkleBranch(batchLeaves, COMMIT_TREE_DEPTH, position);
}

/** The header's 8 chunks: each field's SSZ serialization, zero-padded to 32 bytes. */
function headerChunks(header: BatchHeaderValue): Uint8Array[] {
  const serialized = BatchHeader.serialize(header);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const { fieldType } of BatchHeader.fieldsEntries) {
    const size = fieldType.fixedSize as number;
    const chunk = new Uint8Array(32);
    chunk.set(serialized.subarray(offset, offset + size));
    chunks.push(chunk);
    offset += size;
  }
  return chunks;
}

/** The 3 siblings (bottom-up) proving header chunk `chunkIndex` against hash_tree_root(header). */
export function headerFieldBranch(header: BatchHeaderValue, chunkIndex: number): Uint8Array[] {
  if (!Number.isInteger(chunkIndex) || chunkIndex < 0 || chunkIndex > 7) {
    throw new ClaimError(`header chunk index must be 0..7, got ${chunkIndex}`);
  }
  let level = headerChunks(header);
  let position = chunkIndex;
  const branch: Uint8Array[] = [];
  while (level.length > 1) {
    branch.push(level[position ^ 1]!);
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(sha256Pair(level[i]!, level[i + 1]!));
    level = next;
    position >>= 1;
  }
  return branch;
}

function checkPosition(what: string, index: number, length: number, limit: number): void {
  if (!Number.isSafeInteger(length) || length < 1 || length > limit) {
    throw new ClaimError(`${what} length must be an integer in 1..${limit}, got ${length}`);
  }
  if (!Number.isSafeInteger(index) || index < 0 || index >= length) {
    throw new ClaimError(`${what} index must be an integer in 0..${length - 1}, got ${index}`);
  }
}

function checkBranch(what: string, branch: readonly Uint8Array[], depth: number): string[] {
  if (branch.length !== depth) throw new ClaimError(`${what} branch must have ${depth} siblings, got ${branch.length}`);
  return branch.map((node, i) => {
    if (!(node instanceof Uint8Array) || node.length !== 32) {
      throw new ClaimError(`${what} branch[${i}] must be 32 bytes, got ${node?.length ?? typeof node}`);
    }
    return hexlify(node);
  });
}

function checkBytes32(what: string, bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) throw new ClaimError(`${what} must be 32 bytes`);
  return hexlify(bytes);
}

function checkAddress(what: string, bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 20) throw new ClaimError(`${what} must be 20 bytes`);
  return getAddress(hexlify(bytes));
}

function checkUint128(what: string, value: bigint): bigint {
  if (typeof value !== "bigint" || value < 0n || value >= 1n << 128n) {
    throw new ClaimError(`${what} must be a uint128 bigint, got ${String(value)}`);
  }
  return value;
}

/** Arguments of `withdraw(...)`, in order, for ethers' `contract.withdraw(...args)`. */
export function withdrawArgs(claim: WithdrawalClaim): unknown[] {
  checkPosition("exit", claim.index, claim.length, EXIT_LIST_LIMIT);
  const branch = checkBranch("exit", claim.branch, EXIT_BRANCH_DEPTH);
  const recipient = checkAddress("withdrawal recipient", claim.withdrawal.recipient);
  const amount = checkUint128("withdrawal amount", claim.withdrawal.amount);
  const headerBranch = headerFieldBranch(claim.header, HEADER_EXIT_ROOT_CHUNK).map((n) => hexlify(n));
  const commit = claim.commit;
  if (!Number.isSafeInteger(commit?.index) || commit.index < 0) {
    throw new ClaimError(`commit index must be a non-negative integer, got ${commit?.index}`);
  }
  const commitProof = {
    commitIndex: commit.index,
    dataRoot: checkBytes32("commit dataRoot", commit.dataRoot),
    branch: checkBranch("commit", commit.branch, COMMIT_TREE_DEPTH),
  };
  return [
    claim.header.number, commitProof, hexlify(claim.header.exitRoot), headerBranch,
    claim.index, recipient, amount, claim.length, branch,
  ];
}

/** Arguments of `escape(...)`, in order. */
export function escapeArgs(claim: EscapeClaim): unknown[] {
  checkPosition("account", claim.index, claim.length, STATE_LIMIT);
  const branch = checkBranch("account", claim.branch, STATE_BRANCH_DEPTH);
  const account = checkAddress("account address", claim.account.address);
  const balance = checkUint128("account balance", claim.account.balance);
  return [account, balance, claim.account.nonce, claim.index, claim.length, branch];
}


/** The exact calldata of `withdraw(...)` for a claim. */
export function withdrawCalldata(claim: WithdrawalClaim): string {
  return rollupInterface().encodeFunctionData("withdraw", withdrawArgs(claim));
}

/** The exact calldata of `escape(...)` for a claim against the escape batch's state. */
export function escapeCalldata(claim: EscapeClaim): string {
  return rollupInterface().encodeFunctionData("escape", escapeArgs(claim));
}

/**
 * The exact calldata of `freeze()`: it takes no arguments in v2 (the escape batch's stateRoot is
 * in its commit record).
 */
export function freezeCalldata(): string {
  return rollupInterface().encodeFunctionData("freeze", []);
}
