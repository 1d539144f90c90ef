/**
 * proveTxRoot and proveExitRoot (docs/fraud-proofs.md §4, kinds 10 and 11) in TypeScript: the
 * roots the contract rebuilds from the whole chunk table (contracts/src/fraud/lib/TxRootCheck.sol,
 * ExitRootCheck.sol), whether they differ from the header's, and the calls' arguments.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { sha256 } from "@noble/hashes/sha2";
import { hexlify } from "ethers";
import { Withdrawal } from "../protocol/ssz-types.ts";
import type { ChunkRoots, OpenedBatch } from "./batch-ref.ts";
import { windowOf } from "./chunk-queue.ts";
import { ChunkCursor } from "./chunk-reader.ts";
import { FraudKind, FraudProofInputError } from "./fraud-inputs.ts";
import { mixInLength, sha256Pair } from "./state-multiproof.ts";

/** Root of `depth` levels above `nodes`, the missing ones all-zero subtrees of `zeroLevel` levels. */
function treeRoot(nodes: Uint8Array[], depth: number, zeroLevel: number): Uint8Array {
  let zero: Uint8Array = new Uint8Array(32);
  for (let l = 0; l < zeroLevel; l++) zero = sha256Pair(zero, zero);
  let level = nodes;
  for (let l = 0; l < depth; l++) {
    const up: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(sha256Pair(level[i]!, level[i + 1] ?? zero));
    level = up;
    zero = sha256Pair(zero, zero);
  }
  return level[0] ?? zero;
}

export interface RootsProof {
  fraud?: { kind: FraudKind; position: number };
  args: unknown[];
}

/** `roots`: the preimage of every chunk's entry (the roots after each chunk, as replay computed them). */
export function txRootProof(batch: OpenedBatch, roots: ChunkRoots[]): RootsProof {
  if (roots.length !== batch.segments.length) throw new FraudProofInputError(`${roots.length} chunk roots for ${batch.segments.length} chunks`);
  roots.forEach((r, c) => {
    const entry = sha256(Uint8Array.from([...r.stateRoot, ...r.txSubtree]));
    if (Buffer.compare(entry, batch.segments[c]!.entry) !== 0) throw new FraudProofInputError(`the roots given for chunk ${c} are not its entry: prove that chunk first`);
  });
  const positions = batch.queueCount + batch.userCount;
  const txRoot = mixInLength(treeRoot(roots.map((r) => r.txSubtree), 11, 5), positions);
  const wrong = Buffer.compare(txRoot, batch.evidence.header.txRoot) !== 0;
  const args = [
    batch.ref,
    batch.segments.map((s) => hexlify(s.entry)),
    batch.segments.map((s) => hexlify(keccak_256(s.chunk))),
    roots.map((r) => hexlify(r.stateRoot)),
    roots.map((r) => hexlify(r.txSubtree)),
  ];
  return { fraud: wrong ? { kind: FraudKind.TxRoot, position: 0 } : undefined, args };
}

/** The withdrawals the chunks append, or the first position that does not parse (ExitRootCheck's walk). */
function batchExits(batch: OpenedBatch): { undecodable?: number; leaves: Uint8Array[] } {
  const leaves: Uint8Array[] = [];
  for (let c = 0; c < batch.segments.length; c++) {
    const w = windowOf(batch, c);
    const cursor = new ChunkCursor(batch.segments[c]!.chunk);
    for (let p = w.start; p < w.end; p++) {
      if (p < w.queueCount) {
        const message = batch.evidence.queue[p]!;
        const ref = cursor.index();
        if (message.amount === 0n && ref !== 0) {
          const amount = cursor.amount();
          if (amount !== 0n) leaves.push(Withdrawal.hashTreeRoot({ recipient: message.sender, amount }));
        }
      } else {
        const rec = cursor.record();
        if (rec.withdraw) leaves.push(Withdrawal.hashTreeRoot({ recipient: rec.toRaw, amount: rec.amount }));
      }
      if (cursor.failed) return { undecodable: p, leaves };
    }
    if (!cursor.done) return { undecodable: w.end - 1, leaves };
  }
  return { leaves };
}

export function exitRootProof(batch: OpenedBatch): RootsProof {
  const exits = batchExits(batch);
  const args = [batch.ref, batch.segments.map((s) => hexlify(s.entry)), batch.segments.map((s) => hexlify(s.chunk))];
  if (exits.undecodable !== undefined) return { fraud: { kind: FraudKind.Undecodable, position: exits.undecodable }, args };
  const exitRoot = mixInLength(treeRoot(exits.leaves, 16, 0), exits.leaves.length);
  const wrong = Buffer.compare(exitRoot, batch.evidence.header.exitRoot) !== 0;
  return { fraud: wrong ? { kind: FraudKind.ExitRoot, position: 0 } : undefined, args };
}
