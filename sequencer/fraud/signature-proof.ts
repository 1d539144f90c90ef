/**
 * proveSignature (docs/fraud-proofs.md §4, kind 9) in TypeScript: finds the first user transaction
 * of a chunk whose signature is not its sender's over its fields and implied nonce, resolving
 * accounts as contracts/src/fraud/lib/SignatureCheck.sol does (pre-state witnesses, or accounts
 * created earlier in the chunk), and builds the call's arguments with the witnesses it needs.
 */
import { getAddress, hexlify, recoverAddress, TypedDataEncoder } from "ethers";
import { LOFT_EIP712_TYPES, type LoftDomain } from "../protocol/eip712.ts";
import { SECP256K1_HALF_N, SECP256K1_N } from "../protocol/signature.ts";
import { chunkRef, preStateRef, preStateRootOf, type ChunkRoots, type OpenedBatch } from "./batch-ref.ts";
import { preStateWitnesses } from "./chunk-fraud.ts";
import { chunkQueue, windowOf } from "./chunk-queue.ts";
import { ChunkCursor, type ChunkRecord } from "./chunk-reader.ts";
import type { PreChunkState } from "./fraud-inputs.ts";
import { multiproofNodes } from "./state-multiproof.ts";
import { checkPreState, proofTuple, witnessTuple } from "./state-transition-proof.ts";

const MAX_U64 = (1n << 64n) - 1n;
const big = (bytes: Uint8Array) => BigInt(hexlify(bytes));

/** The signed fields of the record at a position, resolved; undefined when the contract would revert. */
interface Resolved {
  position: number;
  rec: ChunkRecord;
  from: Uint8Array;
  to: Uint8Array;
  nonce: bigint;
  witnesses: number[];
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
      return { address: a.address, nonce: BigInt(a.nonce), witness: [i] };
    }
    const address = created[i - pre.count];
    return address && { address, nonce: 0n, witness: [] as number[] };
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
    const to = rec.rawTo ? { address: rec.toRaw, nonce: 0n, witness: [] as number[] } : resolve(rec.toIndex);
    if (!from || !to) return;
    const nonce = from.nonce + BigInt(senders.filter((s) => s === rec.from).length);
    if (nonce > MAX_U64) return;
    yield { position: p, rec, from: from.address, to: to.address, nonce, witnesses: [...new Set([...from.witness, ...to.witness])].sort((a, b) => a - b) };
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
  /** [ref, chunk, pre, position, accounts, proof] for proveSignature. */
  args: unknown[];
}

function proofFor(batch: OpenedBatch, index: number, r: Resolved, pre: PreChunkState, previous?: ChunkRoots): SignatureProof {
  const indices = r.witnesses.length > 0 ? r.witnesses : [0]; // a multiproof needs a leaf
  const accounts = preStateWitnesses(indices, pre);
  const proof = { length: pre.count, nodes: multiproofNodes(indices, (level, i) => pre.node(level, i)) };
  checkPreState(accounts, proof, preStateRootOf(batch, index, previous));
  const args = [batch.ref, chunkRef(batch, index), preStateRef(batch, index, previous), r.position, accounts.map(witnessTuple), proofTuple(proof)];
  return { position: r.position, args };
}

/** The proof of the chunk's first badly signed transaction, or undefined when every one resolves and is signed. */
export function signatureProof(batch: OpenedBatch, index: number, pre: PreChunkState, domain: LoftDomain, previous?: ChunkRoots): SignatureProof | undefined {
  for (const r of resolvedRecords(batch, index, pre)) {
    if (!isSignedBy(domain, r)) return proofFor(batch, index, r, pre, previous);
  }
  return undefined;
}

/** proveSignature's arguments for the user transaction at `position` whatever its signature (undefined when it does not resolve). */
export function signatureProofAt(batch: OpenedBatch, index: number, position: number, pre: PreChunkState, previous?: ChunkRoots): SignatureProof | undefined {
  for (const r of resolvedRecords(batch, index, pre)) {
    if (r.position === position) return proofFor(batch, index, r, pre, previous);
  }
  return undefined;
}
