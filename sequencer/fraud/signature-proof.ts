/**
 * proveSignature (docs/fraud-proofs.md §4, kind 9) in TypeScript: finds the first user transaction
 * of a chunk whose signature is not its sender's over its fields and implied nonce (resolving
 * accounts from the pre-state or from accounts created earlier in the chunk), and builds the
 * call's arguments: the transaction as its leaf in the chunk's txSubtree, with the 5-level branch
 * and the chunk entry's preimage. The contract judges the leaf; the entry vouches for it, because a
 * chunk whose entry is not what it executes to is convicted by proveStateTransition instead (no
 * signature proof is built for it here).
 */
import { sha256 } from "@noble/hashes/sha2";
import { getAddress, hexlify, recoverAddress, TypedDataEncoder } from "ethers";
import { LOFT_EIP712_TYPES, type LoftDomain } from "../protocol/eip712.ts";
import { SECP256K1_HALF_N, SECP256K1_N } from "../protocol/signature.ts";
import { TxKind } from "../protocol/ssz-types.ts";
import { entryPreimageRef, type ChunkRoots, type OpenedBatch } from "./batch-ref.ts";
import { chunkQueue, windowOf } from "./chunk-queue.ts";
import { ChunkCursor, type ChunkRecord } from "./chunk-reader.ts";
import { CHUNK_SIZE, type PreChunkState } from "./fraud-inputs.ts";
import { chunkSubtreeBranch } from "./ssz-leaves.ts";
import { stateTransitionProof } from "./state-transition-proof.ts";

const MAX_U64 = (1n << 64n) - 1n;
const big = (bytes: Uint8Array) => BigInt(hexlify(bytes));

/** The signed fields of the record at a position, resolved; undefined when the contract would revert. */
interface Resolved {
  position: number;
  rec: ChunkRecord;
  from: Uint8Array;
  to: Uint8Array;
  nonce: bigint;
}

/** Each user position of the chunk with what its signature covers, until the chunk stops resolving. */
function* resolvedRecords(batch: OpenedBatch, index: number, pre: PreChunkState): Generator<Resolved> {
  const w = windowOf(batch, index);
  const queue = chunkQueue(batch, w);
  const c = new ChunkCursor(batch.segments[index]!.chunk);
  const created: Uint8Array[] = [];
  const senders: number[] = [];
  const resolve = (i: number) => {
    if (i < pre.count) {
      const a = pre.account(i);
      return { address: a.address, nonce: BigInt(a.nonce) };
    }
    const address = created[i - pre.count];
    return address && { address, nonce: 0n };
  };
  for (let p = w.start; p < w.end; p++) {
    if (p < w.queueCount) {
      const message = queue[p - w.start]!;
      const ref = c.index();
      if (message.amount !== 0n && ref === 0) created.push(message.to);
      if (message.amount === 0n && ref !== 0) c.amount();
      if (c.failed) return;
      continue;
    }
    const rec = c.record();
    if (c.failed) return;
    const from = resolve(rec.from);
    const to = rec.rawTo ? { address: rec.toRaw, nonce: 0n } : resolve(rec.toIndex);
    if (!from || !to) return;
    const nonce = from.nonce + BigInt(senders.filter((s) => s === rec.from).length);
    if (nonce > MAX_U64) return;
    yield { position: p, rec, from: from.address, to: to.address, nonce };
    senders.push(rec.from);
    if (rec.rawTo && !rec.withdraw) created.push(rec.toRaw);
  }
}

/** Whether (r, s, v) is a canonical signature by `signer` of the record's EIP-712 digest. */
function isSignedBy(domain: LoftDomain, r: Resolved): boolean {
  const rv = big(r.rec.r);
  const sv = big(r.rec.s);
  if (rv === 0n || rv >= SECP256K1_N || sv === 0n || sv > SECP256K1_HALF_N) return false;
  const digest = r.rec.withdraw
    ? TypedDataEncoder.hash(domain, { Withdraw: [...LOFT_EIP712_TYPES.Withdraw] }, { recipient: getAddress(hexlify(r.to)), amount: r.rec.amount, fee: r.rec.fee, nonce: r.nonce })
    : TypedDataEncoder.hash(domain, { Transfer: [...LOFT_EIP712_TYPES.Transfer] }, { to: getAddress(hexlify(r.to)), amount: r.rec.amount, fee: r.rec.fee, nonce: r.nonce });
  try {
    return recoverAddress(digest, { r: hexlify(r.rec.r), s: hexlify(r.rec.s), v: r.rec.v }) === getAddress(hexlify(r.from));
  } catch {
    return false; // no key recovers: ecrecover gives 0
  }
}

export interface SignatureProof {
  position: number;
  /** [ref, entry, position, transaction, branch] for proveSignature. */
  args: unknown[];
}

/**
 * The roots chunk `index` executes to and its transaction leaves, when they are its posted entry's
 * preimage; undefined otherwise (the chunk does not execute, or its entry is not what it executes
 * to: proveStateTransition convicts it, and no signature proof stands on that entry).
 */
function ownLeaves(batch: OpenedBatch, index: number, pre: PreChunkState, previous?: ChunkRoots) {
  const { stateRoot, txSubtree, txLeaves } = stateTransitionProof(batch, index, pre, previous).finding;
  if (!stateRoot || !txSubtree || !txLeaves) return undefined;
  const entry = sha256(Uint8Array.from([...stateRoot, ...txSubtree]));
  if (Buffer.compare(entry, batch.segments[index]!.entry) !== 0) return undefined;
  return { roots: { stateRoot, txSubtree }, txLeaves };
}

function proofFor(batch: OpenedBatch, index: number, r: Resolved, own: { roots: ChunkRoots; txLeaves: Uint8Array[] }): SignatureProof {
  const { rec } = r;
  const transaction = {
    kind: rec.withdraw ? TxKind.withdraw : TxKind.transfer, from: hexlify(r.from), to: hexlify(r.to), amount: rec.amount,
    fee: rec.fee, nonce: r.nonce, v: rec.v, r: hexlify(rec.r), s: hexlify(rec.s),
  };
  const branch = chunkSubtreeBranch(own.txLeaves, r.position - index * CHUNK_SIZE).map((n) => hexlify(n));
  return { position: r.position, args: [batch.ref, entryPreimageRef(batch, index, own.roots), r.position, transaction, branch] };
}

/** The proof of the chunk's first badly signed transaction, or undefined when every one resolves and is signed (or the chunk is not what its entry says). */
export function signatureProof(batch: OpenedBatch, index: number, pre: PreChunkState, domain: LoftDomain, previous?: ChunkRoots): SignatureProof | undefined {
  for (const r of resolvedRecords(batch, index, pre)) {
    if (isSignedBy(domain, r)) continue;
    const own = ownLeaves(batch, index, pre, previous);
    return own && proofFor(batch, index, r, own);
  }
  return undefined;
}

/** proveSignature's arguments for the user transaction at `position` whatever its signature (undefined when it does not resolve or the chunk is not what its entry says). */
export function signatureProofAt(batch: OpenedBatch, index: number, position: number, pre: PreChunkState, previous?: ChunkRoots): SignatureProof | undefined {
  for (const r of resolvedRecords(batch, index, pre)) {
    if (r.position !== position) continue;
    const own = ownLeaves(batch, index, pre, previous);
    return own && proofFor(batch, index, r, own);
  }
  return undefined;
}
